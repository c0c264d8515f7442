"""PyTorch's side of npm run bench: median ms of one S3TA forward and one PGD step, batch 1, on this CPU.

    /usr/bin/python3 bench/torch_bench.py --k 8 --runs 20   # the default model; prints one JSON line
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.attacks import attack_loss, project  # noqa: E402
from training.export import listed_models, load_model  # noqa: E402


def median_ms(fn, runs):
    times = []
    for i in range(runs + 2):
        started = time.perf_counter()
        fn()
        if i >= 2:
            times.append(1000 * (time.perf_counter() - started))
    return sorted(times)[len(times) // 2]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None, help="(default: the first in models/index.json)")
    p.add_argument("--k", type=int, default=8, help="(default: 8)")
    p.add_argument("--runs", type=int, default=20, help="(default: 20)")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="(default: all cores)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model = load_model(args.model or Path("models") / listed_models()[0]["name"])
    S = model.config.input_size
    x = torch.rand(1, 3, S, S, generator=torch.Generator().manual_seed(0))
    labels, target = torch.tensor([0]), torch.tensor([1])

    def forward():
        with torch.no_grad():
            model(x, args.k)

    def pgd_step():
        x_adv = x.clone().requires_grad_(True)
        grad, = torch.autograd.grad(attack_loss(model(x_adv, args.k)[0][:, -1], labels, target).sum(), x_adv)
        project(x_adv.detach() + 2 / 255 * grad.sign(), x, 16 / 255)

    print(json.dumps(dict(backend=f"pytorch {torch.__version__} cpu", threads=args.threads,
                          forwardMs=median_ms(forward, args.runs), pgdStepMs=median_ms(pgd_step, args.runs))))


if __name__ == "__main__":
    main()
