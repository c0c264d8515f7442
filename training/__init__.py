"""Saccade training package: S3TA (Zoran et al., CVPR 2020) and its ResNet baseline in PyTorch."""
import os

# Debian's PyTorch multiplies matrices in OpenBLAS (libopenblas0-pthread), whose own thread pool fights torch's
# OpenMP threads: S3TA's forward + backward (k = 8, batch 64, 2 torch threads; bench/train_step.py) took 0.54 s with
# one OpenBLAS thread, 0.79 s with two, 1.22 s on the reference BLAS. Set before torch loads it; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
