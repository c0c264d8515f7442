"""Why the glances settle: S3TA's glances on a fixed image are an autonomous map of the LSTM state,
(h, c) -> (h', c'), and this prints how fast it contracts and how much of each state change reaches the attention.
Per glance: the forget gate's mean, the step's state change |h_t - h_{t-1}|, the query's change, the spread of the
attention logits' change, the attention's TV; after 8 glances, the query net's gain along the state's step and
along random directions, and the spectral radius of the map's Jacobian per image (below 1: the state converges to a
fixed point, the attention with it, at about that rate per glance).

    python3 -m training.ablations.dynamics --model models/s3ta-16 --model models/s3ta-4 \
        --checkpoint runs/ablation-{b-curriculum16,f-attention-wd0,g-forget-bias1,h-forget-bias3,b10-curriculum16,g10-forget-bias1}/checkpoint.pt
    python3 -m training.ablations.dynamics --checkpoint runs/ablation-{i-temperature0.25,j-temperature0.1,k-forget-bias3-temperature0.25}/checkpoint.pt

prints one JSON line per model (runs/dynamics.jsonl holds the ablations' and the shipped models').
"""
import argparse
import json

import torch

from training.attention_metrics import load_any, load_boxed_images, tv_distance
from training.data import find_data
from training.export import fold_options


def glance_map(model, keys, values):
    """The state update of one glance on one image, as a function of the flat state [1, 2 * hidden]."""
    hidden = model.config.hidden

    def step(state):
        _, _, (h, c) = model.glance(keys, values, (state[:, :hidden], state[:, hidden:]))
        return torch.cat([h, c], 1)
    return step


def logit_spread(change, attention):
    """The attention-weighted standard deviation over locations of a change of the attention logits [B, heads, hw]:
    the part of the change the softmax does not cancel (adding a constant to every location changes nothing)."""
    mean = (attention * change).sum(-1, keepdim=True)
    return (attention * (change - mean) ** 2).sum(-1).sqrt().mean().item()


def query_gains(model, h, step, directions=16, seed=0):
    """How much the query net passes on a change of the state h [B, hidden]: |dq| / |dh| along the state's own step
    [B, hidden], and along random unit directions (mean), both from the query net's Jacobian-vector product."""
    generator = torch.Generator().manual_seed(seed)

    def gain(direction):
        unit = direction / direction.norm(dim=1, keepdim=True)
        _, dq = torch.autograd.functional.jvp(model.query_net, h, unit)
        return dq.norm(dim=1).mean().item()
    random = [gain(torch.randn(h.shape, generator=generator)) for _ in range(directions)]
    return gain(step), sum(random) / directions


def dynamics(model, images, k=16, at=8, jacobians=8) -> dict:
    """Per glance: forget gate mean, mean |h_t - h_{t-1}|, mean |q_t - q_{t-1}|, the spread of the logits' change
    (logit_spread) and the attention's TV from the glance before (the chain state -> query -> logits -> attention);
    at glance `at`: the query net's gain along the state's step and along random directions, and the Jacobian's
    spectral radius of the whole glance map."""
    hidden = model.config.hidden
    with torch.no_grad():
        keys, values = model.keys_and_values(images)
        B = images.shape[0]
        h, c = model.h0.expand(B, -1), model.c0.expand(B, -1)
        forget, change, query_change, logit_change, attention_tv = [], [], [], [], []
        query_prev = logits_prev = attention_prev = None
        for t in range(k):
            query = model.query_net(h).view(B, model.config.heads, -1)
            answer, attention = model.attend(query, keys, values)
            logits = model.attention_logits(query, keys)  # [B, heads, hw]
            if t:
                query_change.append((query - query_prev).flatten(1).norm(dim=1).mean().item())
                logit_change.append(logit_spread(logits - logits_prev, attention_prev))
                attention_tv.append(tv_distance(attention.unsqueeze(-2), attention_prev.unsqueeze(-2)).mean().item())  # [B, heads, 1, hw]
            forget.append(torch.sigmoid(model.lstm_gates(answer.flatten(1), h)[1]).mean().item())
            h_next, c = model.lstm_step(answer.flatten(1), (h, c))
            change.append((h_next - h).norm(dim=1).mean().item())
            if t == at - 1:
                along_step, along_random = query_gains(model, h_next, h_next - h)
            h, query_prev, logits_prev, attention_prev = h_next, query, logits, attention
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
                query_change=[round(d, 4) for d in query_change], logit_change=[round(d, 4) for d in logit_change],
                attention_tv=[round(d, 4) for d in attention_tv],
                query_gain_at=at, query_gain_along_step=round(along_step, 3),
                query_gain_random=round(along_random, 3),
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
        fold_options(model, model.config.to_dict())  # as exported: a temperature's 1/T in the query, so |dq| compares
        images, _, _, _ = load_boxed_images(find_data(args.data), classes, model.config.input_size)
        report[name] = dynamics(model.eval(), images[:args.images].float() / 255)
        print(json.dumps(dict(run=name, **report[name])))
    return report


if __name__ == "__main__":
    main()
