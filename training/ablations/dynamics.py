"""Why the glances settle: S3TA's glances on a fixed image are an autonomous map of the LSTM state,
(h, c) -> (h', c'), and this prints how fast it contracts. Per glance: the forget gate's mean, the step's
state change |h_t - h_{t-1}|; after `--at` glances, the spectral radius of the map's Jacobian per image (below 1:
the state converges to a fixed point, the attention with it, at about that rate per glance).

    python3 -m training.ablations.dynamics --model models/s3ta-16 --checkpoint runs/ablation-g-forget-bias1/checkpoint.pt

prints one JSON line per model (runs/dynamics.jsonl holds the ablations' and the shipped models').
"""
import argparse
import json

import torch

from training.attention_metrics import load_any, load_boxed_images
from training.data import find_data


def glance_map(model, keys, values):
    """The state update of one glance on one image, as a function of the flat state [1, 2 * hidden]."""
    hidden = model.config.hidden

    def step(state):
        _, _, (h, c) = model.glance(keys, values, (state[:, :hidden], state[:, hidden:]))
        return torch.cat([h, c], 1)
    return step


def dynamics(model, images, k=16, at=8, jacobians=8) -> dict:
    """Per glance: forget gate mean and mean |h_t - h_{t-1}|; the Jacobian's spectral radius after `at` glances."""
    hidden = model.config.hidden
    with torch.no_grad():
        keys, values = model.keys_and_values(images)
        B = images.shape[0]
        h, c = model.h0.expand(B, -1), model.c0.expand(B, -1)
        forget, change = [], []
        for _ in range(k):
            query = model.query_net(h).view(B, model.config.heads, -1)
            answer, _ = model.attend(query, keys, values)
            forget.append(torch.sigmoid(model.lstm_gates(answer.flatten(1), h)[1]).mean().item())
            h_next, c = model.lstm_step(answer.flatten(1), (h, c))
            change.append((h_next - h).norm(dim=1).mean().item())
            h = h_next
    radii = []
    for b in range(min(jacobians, B)):
        step = glance_map(model, keys[b:b + 1], values[b:b + 1])
        state = torch.cat([model.h0, model.c0], 1).detach()
        with torch.no_grad():
            for _ in range(at):
                state = step(state)
        jacobian = torch.autograd.functional.jacobian(step, state).reshape(2 * hidden, 2 * hidden)
        radii.append(torch.linalg.eigvals(jacobian).abs().max().item())
    return dict(forget_gate=[round(f, 3) for f in forget], state_change=[round(d, 4) for d in change],
                spectral_radius_at=at, spectral_radius=[round(r, 3) for r in radii],
                spectral_radius_mean=round(sum(radii) / len(radii), 3))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", action="append", default=[], metavar="DIR", help="an exported model folder (repeatable)")
    p.add_argument("--checkpoint", action="append", default=[], metavar="PT", help="a train.py checkpoint (repeatable)")
    p.add_argument("--images", type=int, default=48, help="boxed val images to run (default: 48)")
    p.add_argument("--data", default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    report = {}
    for name, (model, classes) in [*((m, load_any(model_dir=m)) for m in args.model),
                                   *((c, load_any(checkpoint=c)) for c in args.checkpoint)]:
        images, _, _, _ = load_boxed_images(find_data(args.data), classes, model.config.input_size)
        report[name] = dynamics(model.eval(), images[:args.images].float() / 255)
        print(json.dumps(dict(run=name, **report[name])))
    return report


if __name__ == "__main__":
    main()
