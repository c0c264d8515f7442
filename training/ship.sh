#!/usr/bin/env bash
# Issue 7's shipped models, trained one after another with one recipe and budget (resumable: run it again and each
# run goes on from its last epoch; a finished run is skipped):
#   nohup training/ship.sh > runs/ship.log 2>&1 &
# S3TA-16 with the paper's read-out curriculum (step 4, then 8 from 35/120 of the epochs, then 16 from 70/120),
# S3TA-4 at fixed k = 4, and the ResNet baseline (widths chosen for comparable multiply-accumulates).
# Each run's command, log.jsonl and per-epoch checkpoint stay in runs/<name>/.
set -uo pipefail
cd "$(dirname "$0")/.."
while pgrep -f training/ablations/run > /dev/null; do sleep 30; done  # the 2 cores go to one run at a time
PY=/usr/bin/python3
EPOCHS=30
COMMON=(--input-size 96 --batch-size 64 --epochs $EPOCHS --lr 0.1 --wd 5e-4 --eps-warmup 2 --attack-steps 2
        --val-limit 256 --threads 2 --seed 0)
S3TA=(--arch s3ta --widths 32,64,128 --c-k 64 --hidden 256)

train() {  # name, then train.py flags
  local out=runs/$1; shift
  [[ -f $out/log.jsonl && $(wc -l < "$out/log.jsonl") -ge $EPOCHS ]] && return
  mkdir -p "$out"
  echo "$PY -m training.train ${COMMON[*]} $* --out $out" > "$out/command.txt"
  local resume=(); [[ -f $out/checkpoint.pt ]] && resume=(--resume)
  $PY -m training.train "${COMMON[@]}" "$@" --out "$out" "${resume[@]}" >> "$out/train.out" 2>&1 \
    || { echo "$(date -Is) $out failed: see $out/train.out"; exit 1; }
  echo "$(date -Is) $out done"
}

train s3ta-16 "${S3TA[@]}" --curriculum "4@0,8@35/120,16@70/120"
train s3ta-4  "${S3TA[@]}" --glances 4
train resnet-baseline --arch resnet --widths 48,96,192  # 65 M multiply-accumulates; S3TA 64 M at k = 4, 78 M at k = 16
