"""Seconds of one S3TA training forward + backward (batch 64) on this CPU, per k: what the BLAS choice costs.

    /usr/bin/python3 bench/train_step.py --checkpoint runs/s3ta-16/checkpoint.pt            # OpenBLAS, 1 thread
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/train_step.py --checkpoint ...           # OpenBLAS, 2 threads
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas /usr/bin/python3 bench/train_step.py ...  # the reference BLAS

Prints one JSON line. Run it with the cores to itself (stop a training run with kill -STOP, then -CONT).
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.model import build  # noqa: E402  (training/ sets OPENBLAS_NUM_THREADS before torch loads)
import torch  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, metavar="PT", help="a train.py S3TA checkpoint")
    p.add_argument("--k", default="8,16", metavar="K,..", help="(default: 8,16)")
    p.add_argument("--threads", type=int, default=2, help="torch threads (default: 2)")
    p.add_argument("--runs", type=int, default=3, help="(default: 3)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    checkpoint = torch.load(args.checkpoint, map_location="cpu")
    net = build(checkpoint["arch"], checkpoint["config"])
    net.load_state_dict(checkpoint["model"])
    x = torch.rand(64, 3, net.config.input_size, net.config.input_size, generator=torch.Generator().manual_seed(0))

    def step(k):
        logits, _ = net(x, k)
        logits[:, -1].sum().backward()

    seconds = {}
    for k in map(int, args.k.split(",")):
        step(k)
        started = time.perf_counter()
        for _ in range(args.runs):
            step(k)
        seconds[f"k{k}"] = round((time.perf_counter() - started) / args.runs, 3)
    print(json.dumps(dict(seconds=seconds, openblas_threads=os.environ.get("OPENBLAS_NUM_THREADS"),
                          ld_library_path=os.environ.get("LD_LIBRARY_PATH"), torch_threads=args.threads)))


if __name__ == "__main__":
    main()
