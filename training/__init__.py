"""Saccade training package: S3TA (Zoran et al., CVPR 2020) and its ResNet baseline in PyTorch."""
