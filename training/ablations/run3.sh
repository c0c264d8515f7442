#!/usr/bin/env bash
# Issue 7's third round: are 2 epochs too short to tell the recipes apart? b (no forget bias) and g (forget bias 1)
# again at 10 epochs, same seed; train.py logs the glance TV each epoch, so log.jsonl shows its trajectory.
#   nohup training/ablations/run3.sh > runs/ablations3.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/../.."
source training/ablations/common.sh
COMMON+=(--epochs 10)  # the later --epochs wins

run b10-curriculum16 --input-size 96 --hidden 128 --curriculum "$PAPER"
run g10-forget-bias1 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1
