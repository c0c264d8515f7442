#!/usr/bin/env bash
# Issue 7's fifth round: i (attention temperature 0.25, a labelled option the paper lacks, with forget bias 1) again for
# 10 epochs, same seed, beside g10 (the same recipe without the temperature): does sharper attention keep moving, and
# keep being pulled by attacks, as accuracy rises? train.py logs the glance TV each epoch.
#   nohup training/ablations/run5.sh > runs/ablations5.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/../.."
source training/ablations/common.sh
COMMON+=(--epochs 10)  # the later --epochs wins

run i10-temperature0.25 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1 --attention-temperature 0.25
