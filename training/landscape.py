"""The loss landscape around an image (the paper's section 5.3, fig. 6): the classification loss over
x + a * sign(grad) + b * r for a, b on a grid in [-eps, eps], r a seeded Rademacher direction, clipped to [0, 1];
and how linear it is (R^2 of a least-squares plane). An approximately linear landscape says the gradient is
informative: no gradient masking.

    python3 -m training.landscape --model models/s3ta-16 --image photo.png --k 16 --grid 21 --json

The random direction comes from mulberry32 seeded by --seed, the generator src/engine/attacks.ts uses, so the
browser's landscape (issue 11) can be held equal to this one.
"""
import argparse
import json
from fractions import Fraction

import torch
import torch.nn.functional as F

from training.model import classify


def mulberry32(seed: int):
    """The seeded uniform [0, 1) generator of src/engine/attacks.ts (seededRandom), bit for bit."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def draw() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t = (t ^ (t + imul(t ^ (t >> 7), t | 61))) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return draw


def rademacher(shape, seed: int) -> torch.Tensor:
    """+-1 entries drawn from mulberry32(seed) in row-major NHWC order, as the TypeScript side draws them,
    returned as [1, 3, H, W]. shape: (H, W)"""
    draw = mulberry32(seed)
    h, w = shape
    values = torch.tensor([-1.0 if draw() < 0.5 else 1.0 for _ in range(h * w * 3)])
    return values.view(1, h, w, 3).permute(0, 3, 1, 2)


def plane_r2(a: torch.Tensor, b: torch.Tensor, loss: torch.Tensor) -> float:
    """R^2 of the least-squares plane loss ~ c0 + c1 a + c2 b over the grid (1: exactly a plane)."""
    design = torch.stack([torch.ones_like(a), a, b], 1).double()
    target = loss.double()
    coef = torch.linalg.lstsq(design, target[:, None]).solution
    residual = target - (design @ coef)[:, 0]
    total = ((target - target.mean()) ** 2).sum()
    return 1.0 if total == 0 else float(1 - (residual ** 2).sum() / total)


def landscape(model, x, label: int, k=None, eps=16 / 255, grid=21, seed=0, batch=64) -> dict:
    """x [1, 3, H, W] in [0, 1] -> the loss CE(label) on the grid: offsets [grid], loss [grid (a), grid (b)], R^2.
    grid is odd, so that the clean image is the centre."""
    if grid < 3 or grid % 2 == 0:
        raise ValueError(f"grid must be odd and at least 3, got {grid}")
    forward = (lambda z: classify(model, z, k))
    y = torch.tensor([label])
    x = x.detach().requires_grad_(True)
    grad, = torch.autograd.grad(F.cross_entropy(forward(x), y), x)
    direction_a, direction_b = grad.sign(), rademacher(tuple(x.shape[2:]), seed)
    offsets = torch.linspace(-eps, eps, grid)
    a, b = torch.meshgrid(offsets, offsets, indexing="ij")
    a, b = a.flatten(), b.flatten()
    points = (x.detach() + a[:, None, None, None] * direction_a + b[:, None, None, None] * direction_b).clamp(0, 1)
    with torch.no_grad():
        loss = torch.cat([F.cross_entropy(forward(chunk), y.expand(len(chunk)), reduction="none")
                          for chunk in torch.split(points, batch)])
    return dict(offsets=offsets.tolist(), loss=loss.view(grid, grid).tolist(), r2=plane_r2(a, b, loss),
                eps=eps, grid=grid, seed=seed, k=k, label=label)


def main(argv=None):
    from training.data import load_image
    from training.export import load_model
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, metavar="DIR")
    p.add_argument("--image", required=True, metavar="FILE")
    p.add_argument("--label", type=int, default=None, help="class index (default: the clean prediction)")
    p.add_argument("--k", type=int, default=None, help="S3TA glances (default: the model's)")
    p.add_argument("--eps", type=lambda t: float(Fraction(t)), default=16 / 255, help="(default: 16/255)")
    p.add_argument("--grid", type=int, default=21, help="points per axis, odd (default: 21)")
    p.add_argument("--seed", type=int, default=0, help="of the random direction (default: 0)")
    args = p.parse_args(argv)
    model = load_model(args.model)
    x = load_image(args.image, model.config.input_size).float()[None] / 255
    label = args.label if args.label is not None else int(classify(model, x, args.k).argmax())
    result = landscape(model, x, label, args.k, args.eps, args.grid, args.seed)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
