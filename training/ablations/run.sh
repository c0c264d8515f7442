#!/usr/bin/env bash
# Issue 7's short ablations: same seed, 2 epochs each, compared by training.attention_metrics on the "select"
# half of the boxed val images and by clean / PGD-10 on a fixed val subset (train.py's per-epoch log).
#   nohup training/ablations/run.sh > runs/ablations.log 2>&1 &
# Each run's command, log.jsonl and attention.json stay in runs/ablation-<name>/.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
COMMON=(--arch s3ta --widths 32,64,128 --c-k 64 --batch-size 64 --epochs 2 --eps-warmup 0.5 --attack-steps 2
        --val-limit 256 --threads 2 --seed 0)
PAPER="4@0,8@0.2917,16@0.5833"

run() {  # name, then train.py flags
  local name=$1; shift
  local out=runs/ablation-$name
  [[ -f $out/attention.json ]] && return
  mkdir -p "$out"
  echo "$PY -m training.train ${COMMON[*]} $* --out $out" > "$out/command.txt"
  local resume=(); [[ -f $out/checkpoint.pt ]] && resume=(--resume)
  $PY -m training.train "${COMMON[@]}" "$@" --out "$out" "${resume[@]}" 2>&1 | grep -v '^epoch' >> "$out/train.out"
  $PY -m training.attention_metrics --checkpoint "$out/checkpoint.pt" --k 16 --subset select --threads 2 \
    --out "$out/attention.json" > /dev/null
  echo "$(date -Is) $name done"
}

run b-curriculum16 --input-size 96 --hidden 128 --curriculum "$PAPER"
run a-randomk      --input-size 96 --hidden 128 --glances 2,4,8,16
run c-finetune16   --input-size 96 --hidden 128 --glances 16 --init runs/s3ta/checkpoint.pt --lr 0.02 --eps-warmup 0
run d-map16-128px  --input-size 128 --hidden 128 --curriculum "$PAPER"
run e-lstm512      --input-size 96 --hidden 512 --curriculum "$PAPER"
