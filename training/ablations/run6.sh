#!/usr/bin/env bash
# Issue 7's sixth round: more PGD steps in training, which the issue lists and no earlier round tried. g's recipe
# (forget bias 1, the paper's curriculum, 2 epochs) with 5 attack steps a batch instead of 2: does a stronger
# adversary during training change how the glances move or where they sit?
#   nohup training/ablations/run6.sh > runs/ablations6.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/../.."
source training/ablations/common.sh

run l-attack-steps5 --input-size 96 --hidden 128 --curriculum "$PAPER" --forget-bias 1 --attack-steps 5
