#!/usr/bin/env bash
# Issue 7's fourth round, a labelled option the paper lacks (never shipped as S3TA): an attention temperature T,
# logits q . K / T. Does sharper attention make the glances move? g's recipe (forget bias 1, 2 epochs) with T < 1.
#   nohup training/ablations/run4.sh > runs/ablations4.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/../.."
source training/ablations/common.sh

run i-temperature0.25 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1 --attention-temperature 0.25
run j-temperature0.1 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1 --attention-temperature 0.1
# k: h's core that keeps its state (forget bias 3, spectral radius 1.01) with i's sharper attention
run k-forget-bias3-temperature0.25 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 3 --attention-temperature 0.25
