"""Where S3TA looks: attention metrics on the val images that have ImageNet object boxes (boxes.csv).

Per model, k, head and glance:
  energy in box      attention mass on the cells whose centres fall inside any of the image's boxes, and its
                     ratio to the boxes' area share (the energy of uniform attention)
  pointing game      share of maps whose argmax cell is inside a box; the image centre's hit rate is the reference
  glance dynamics    total-variation distance between consecutive glances, and between glance 2 and glance k
  effective cells    exp(entropy of the map): how many locations a head spreads over
  attack pull        random-target PGD-100 (eps 16/255, step 2/255) on the boxed images; for the successful ones,
                     energy in box before and after and TV(clean, adversarial attention), with uniform +-eps noise
                     as the control

    python3 -m training.attention_metrics --model models/s3ta-16 --k 16          # adds "attention" to eval.json
    python3 -m training.attention_metrics --checkpoint runs/x/checkpoint.pt --k 16 --out runs/x/attention.json

Shapes: attention [N, k, heads, h, w]; masks [N, h, w] bool.
"""
import argparse
import csv
import json
from pathlib import Path

import torch

from training.attacks import pgd, random_target
from training.data import find_data, load_image

SUBSETS = ("all", "select", "heldback")  # select: even rows (for choosing a recipe); heldback: odd rows


def load_boxes(root: Path, size: int, subset: str = "all"):
    """boxes.csv (pixels of the 224x224 image) -> [(relative path, boxes [n, 4] as x0, y0, x1, y1 at `size`)],
    in file order; `subset` keeps every image, the even ones or the odd ones."""
    by_path = {}
    with open(Path(root) / "boxes.csv") as f:
        for row in csv.DictReader(f):
            box = [float(row[c]) * size / 224 for c in ("xmin", "ymin", "xmax", "ymax")]
            by_path.setdefault(row["path"], []).append(box)
    items = [(path, torch.tensor(boxes)) for path, boxes in by_path.items()]
    if subset not in SUBSETS:
        raise ValueError(f"unknown subset {subset!r}; valid: {SUBSETS}")
    return items if subset == "all" else items[(subset == "heldback")::2]


def cell_masks(boxes_per_image, input_size: int, map_size: int) -> torch.Tensor:
    """Cells whose centres fall inside any box. -> [N, h, w] bool"""
    centres = (torch.arange(map_size) + 0.5) * input_size / map_size  # [h] pixel coordinate of each cell centre
    masks = torch.zeros(len(boxes_per_image), map_size, map_size, dtype=torch.bool)
    for n, boxes in enumerate(boxes_per_image):
        for x0, y0, x1, y1 in boxes.tolist():
            inside_y = (centres >= y0) & (centres <= y1)
            inside_x = (centres >= x0) & (centres <= x1)
            masks[n] |= inside_y[:, None] & inside_x[None, :]
    return masks


def centre_hits(boxes_per_image, input_size: int) -> torch.Tensor:
    """Whether the image centre lies in any box: the centre-prior pointing game. -> [N] bool"""
    c = input_size / 2
    return torch.tensor([bool(((b[:, 0] <= c) & (c <= b[:, 2]) & (b[:, 1] <= c) & (c <= b[:, 3])).any())
                         for b in boxes_per_image])


def energy_in_box(attention, masks):
    """Attention mass inside the boxes. -> [N, k, heads]"""
    return (attention * masks[:, None, None].to(attention)).sum((-2, -1))


def pointing_hits(attention, masks):
    """Whether each map's argmax cell is inside a box. -> [N, k, heads] bool"""
    flat = attention.flatten(-2).argmax(-1)  # [N, k, heads]
    return masks.flatten(1).gather(1, flat.flatten(1)).view(flat.shape)


def tv_distance(a, b):
    """0.5 * sum |a - b| over locations. [..., h, w] x2 -> [...]"""
    return 0.5 * (a - b).abs().sum((-2, -1))


def effective_locations(attention):
    """exp(entropy) of each map. -> [N, k, heads]"""
    p = attention.flatten(-2).clamp_min(1e-12)
    return torch.exp(-(p * p.log()).sum(-1))


def glance_dynamics(attention) -> dict:
    """How much attention moves: TV between consecutive glances from glance 3 on, TV(glance 2, glance k), and
    the effective locations. attention [N, k, heads, h, w], k >= 3"""
    consecutive = tv_distance(attention[:, 1:], attention[:, :-1])  # [N, k-1, heads]: glance t+1 vs t
    return dict(tv_consecutive_from_3=round(consecutive[:, 1:].mean().item(), 4),
                tv_glance2_last=round(tv_distance(attention[:, -1], attention[:, 1]).mean().item(), 4),
                effective_locations=round(effective_locations(attention).mean().item(), 2))


def mean_over(values, dims):
    return [round(v, 4) for v in values.float().mean(dims).tolist()]


def summarise(attention, masks, logits=None) -> dict:
    """The per-head and per-glance breakdown of every metric for one k. attention [N, k, heads, h, w]"""
    k = attention.shape[1]
    energy = energy_in_box(attention, masks)
    area = masks.float().flatten(1).mean(1)  # [N]
    hits = pointing_hits(attention, masks)
    spread = effective_locations(attention)
    out = dict(
        energy_in_box=dict(mean=round(energy.mean().item(), 4), per_head=mean_over(energy, (0, 1)),
                           per_glance=mean_over(energy, (0, 2))),
        energy_ratio=dict(mean=round(energy.mean().item() / area.mean().item(), 4),
                          per_head=[round(e / area.mean().item(), 4) for e in energy.mean((0, 1)).tolist()]),
        pointing_game=dict(mean=round(hits.float().mean().item(), 4), per_head=mean_over(hits, (0, 1)),
                           per_glance=mean_over(hits, (0, 2))),
        effective_locations=dict(mean=round(spread.mean().item(), 2), per_head=mean_over(spread, (0, 1)),
                                 of=attention.shape[-1] * attention.shape[-2]),
    )
    if k > 1:
        consecutive = tv_distance(attention[:, 1:], attention[:, :-1])  # [N, k-1, heads]: glance t+1 vs t
        out["tv_consecutive"] = dict(per_glance=mean_over(consecutive, (0, 2)),
                                     mean_from_glance_3=round(consecutive[:, 1:].mean().item(), 4) if k > 2 else None)
        out["tv_glance2_last"] = round(tv_distance(attention[:, -1], attention[:, 1]).mean().item(), 4)
    if logits is not None and k > 1:
        out["same_prediction_glance2_last"] = round((logits[:, 1].argmax(-1) == logits[:, -1].argmax(-1)).float().mean().item(), 4)
    return out


@torch.no_grad()
def forward_all(model, images, k, batch_size=64):
    """-> logits [N, k, C], attention [N, k, heads, h, w] for uint8 or float images."""
    logits, attention = [], []
    for chunk in torch.split(images, batch_size):
        x = chunk.float() / 255 if chunk.dtype == torch.uint8 else chunk
        out = model(x, k)
        logits.append(out[0])
        attention.append(out[1])
    return torch.cat(logits), torch.cat(attention)


def attack_pull(model, images, labels, masks, k, steps=100, eps=16 / 255, step_size=2 / 255, seed=0) -> dict:
    """Random-target PGD against the final glance; attention before and after on the images where it succeeds."""
    generator = torch.Generator().manual_seed(seed)
    x = images.float() / 255
    target = random_target(labels, model.config.classes, generator)
    forward = lambda z: model(z, k)[0][:, -1]
    x_adv = torch.cat([pgd(forward, xb, yb, eps, steps, step_size, tb, True, generator)
                       for xb, yb, tb in zip(torch.split(x, 32), torch.split(labels, 32), torch.split(target, 32))])
    noise = (2 * torch.rand(x.shape, generator=generator) - 1) * eps
    x_noise = (x + noise).clamp(0, 1)
    _, clean = forward_all(model, x, k)
    adv_logits, adv = forward_all(model, x_adv, k)
    _, noisy = forward_all(model, x_noise, k)
    ok = adv_logits[:, -1].argmax(-1) == target
    if not ok.any():
        return dict(steps=steps, attacked=len(labels), succeeded=0)
    before = energy_in_box(clean[ok], masks[ok]).mean().item()
    after = energy_in_box(adv[ok], masks[ok]).mean().item()
    return dict(steps=steps, eps=eps, step_size=step_size, seed=seed, attacked=len(labels), succeeded=int(ok.sum()),
                energy_before=round(before, 4), energy_after=round(after, 4), energy_drop=round(before - after, 4),
                tv_clean_adversarial=round(tv_distance(clean[ok], adv[ok]).mean().item(), 4),
                tv_clean_noise=round(tv_distance(clean[ok], noisy[ok]).mean().item(), 4))


def load_boxed_images(root, classes, size, subset="all"):
    """-> images uint8 [N, 3, size, size], labels [N], masks-ready boxes, paths"""
    items = load_boxes(root, size, subset)
    images = torch.stack([load_image(Path(root) / path, size) for path, _ in items])
    labels = torch.tensor([classes.index(Path(path).parent.name) for path, _ in items])
    return images, labels, [boxes for _, boxes in items], [path for path, _ in items]


def evaluate_attention(model, classes, ks, root=None, subset="all", attack_k=None, attack_steps=100, seed=0) -> dict:
    """The "attention" block of eval.json: metrics at each k, and the attack pull at attack_k (None: skip)."""
    root = find_data(root)
    size, map_size = model.config.input_size, model.config.map_size
    images, labels, boxes, _ = load_boxed_images(root, classes, size, subset)
    masks = cell_masks(boxes, size, map_size)
    report = dict(images=len(labels), subset=subset, boxes="boxes.csv (ImageNet object boxes)",
                  area_share=round(masks.float().flatten(1).mean(1).mean().item(), 4),
                  centre_prior_pointing=round(centre_hits(boxes, size).float().mean().item(), 4))
    for k in ks:
        logits, attention = forward_all(model, images, k)
        report[f"k{k}"] = summarise(attention, masks, logits)
    if attack_k:
        report["attack_pull"] = dict(k=attack_k, **attack_pull(model, images, labels, masks, attack_k, attack_steps, seed=seed))
    return report


def load_any(model_dir=None, checkpoint=None):
    """(model, class wnids) from an exported folder or a train.py checkpoint."""
    if checkpoint:
        from training.model import build
        state = torch.load(checkpoint, map_location="cpu")
        model = build(state["arch"], state["config"])
        model.load_state_dict(state["model"])
        return model.eval(), state["classes"]
    from training.export import load_model
    manifest = json.loads((Path(model_dir) / "manifest.json").read_text())
    return load_model(model_dir), [c["id"] for c in manifest["classes"]]


def eval_key(subset: str) -> str:
    """Where a subset's report goes in eval.json: "attention" for all boxed images, "attention_heldback" etc."""
    return "attention" if subset == "all" else f"attention_{subset}"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", metavar="DIR", help="an exported S3TA folder; the result goes into its eval.json")
    source.add_argument("--checkpoint", metavar="PT", help="a train.py checkpoint")
    p.add_argument("--data", metavar="DIR", default=None, help="data root with boxes.csv (default: ../shared/data/imagenette)")
    p.add_argument("--k", default="4,16", metavar="K,..", help="glances to measure (default: 4,16)")
    p.add_argument("--attack-k", type=int, default=None, metavar="K", help="k for the attack pull (default: the largest --k)")
    p.add_argument("--attack-steps", type=int, default=100, metavar="N", help="PGD steps of the attack pull; 0 skips it (default: 100)")
    p.add_argument("--subset", default="all", choices=SUBSETS, help="boxed images to use (default: all)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="torch CPU threads")
    p.add_argument("--out", metavar="JSON", default=None, help="(default: the model's eval.json, key 'attention', or 'attention_<subset>')")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    model, classes = load_any(args.model, args.checkpoint)
    for param in model.parameters():
        param.requires_grad_(False)
    ks = [int(k) for k in args.k.split(",")]
    attack_k = (args.attack_k or max(ks)) if args.attack_steps else None
    report = evaluate_attention(model, classes, ks, args.data, args.subset, attack_k, args.attack_steps)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1))
    elif args.model:
        eval_path = Path(args.model) / "eval.json"
        evaluation = json.loads(eval_path.read_text()) if eval_path.exists() else {}
        evaluation[eval_key(args.subset)] = report
        eval_path.write_text(json.dumps(evaluation, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
