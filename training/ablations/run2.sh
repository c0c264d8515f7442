#!/usr/bin/env bash
# Issue 7's second round of ablations (after run.sh): what governs the glance dynamics besides the k schedule.
#   nohup training/ablations/run2.sh > runs/ablations2.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/../.."
while pgrep -f training/ablations/run.sh > /dev/null; do sleep 30; done  # the 2 cores go to one run at a time
source training/ablations/common.sh

run f-attention-wd0 --input-size 96 --hidden 128 --curriculum "$PAPER" --attention-wd 0
# g: the forget bias of TF's and Sonnet's LSTMs (DeepMind's code is Sonnet's), which PyTorch's LSTMCell lacks
run g-forget-bias1 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1
# h: a larger forget bias (no library's default): does the glances' contraction follow the forget gate?
run h-forget-bias3 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 3
