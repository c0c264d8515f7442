#!/usr/bin/env bash
# Issue 7's short ablations: same seed, 2 epochs each, compared by training.attention_metrics on the "select"
# half of the boxed val images and by clean / PGD-10 on a fixed val subset (train.py's per-epoch log).
#   nohup training/ablations/run.sh > runs/ablations.log 2>&1 &
# Each run's command, log.jsonl and attention.json stay in runs/ablation-<name>/.
set -uo pipefail
cd "$(dirname "$0")/../.."
source training/ablations/common.sh

run b-curriculum16 --input-size 96 --hidden 128 --curriculum "$PAPER"
run a-randomk      --input-size 96 --hidden 128 --glances 2,4,8,16
run c-finetune16   --input-size 96 --hidden 128 --glances 16 --init runs/s3ta/checkpoint.pt --lr 0.02 --eps-warmup 0
run d-map16-128px  --input-size 128 --hidden 128 --curriculum "$PAPER"
run e-lstm512      --input-size 96 --hidden 512 --curriculum "$PAPER"
