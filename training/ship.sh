#!/usr/bin/env bash
# Issue 7's shipped models, trained one after another with one recipe and budget, then exported and evaluated
# (resumable: run it again and each stage goes on from where it stopped; a finished stage is skipped):
#   nohup training/ship.sh > runs/ship.log 2>&1 &
# S3TA-16 with the paper's read-out curriculum (step 4, then 8 from 35/120 of the epochs, then 16 from 70/120),
# S3TA-4 at fixed k = 4, and the ResNet baseline (widths chosen for comparable multiply-accumulates).
# Each run's command, log.jsonl and per-epoch checkpoint stay in runs/<name>/; its stage stamps too.
set -uo pipefail
cd "$(dirname "$0")/.."
exec 9> runs/ship.lock  # held while this script runs (its children close it)
flock -n 9 || { echo "another training/ship.sh holds runs/ship.lock"; exit 1; }
while pgrep -f "training/ablations/run|m training.train " > /dev/null; do sleep 30; done  # one job on the 2 cores
PY=/usr/bin/python3
EPOCHS=30
COMMON=(--input-size 96 --batch-size 64 --epochs $EPOCHS --lr 0.1 --wd 5e-4 --eps-warmup 2 --attack-steps 2
        --val-limit 256 --threads 2 --seed 0)
S3TA=(--arch s3ta --widths 32,64,128 --c-k 64 --hidden 256)
# evaluate.py at the model's trained k: targeted PGD-10/100 and untargeted PGD-100 on 500 val images, SPSA on 50
EVAL=(--attacks fgsm_targeted,pgd10_targeted,pgd100_targeted,pgd100_untargeted_eps16,spsa_targeted
      --limit 500 --limit-long 500 --limit-spsa 50 --threads 2)

step() {  # run folder, stage, the stamp it follows, command...: runs the command unless <run>/<stage>.done is newer
  # than the stamp it follows (a re-export, a re-evaluation or a newer checkpoint redoes every later stage)
  local run=$1 stage=$2 after=$3; shift 3
  [[ -f $run/$stage.done && $run/$stage.done -nt $after ]] && return
  echo "$(date -Is) $run: $stage"
  "$@" 9>&- >> "$run/$stage.out" 2>&1 || { echo "$(date -Is) $run $stage failed: see $run/$stage.out"; exit 1; }
  echo "$*" > "$run/$stage.done"
}

train() {  # name, then train.py flags
  local out=runs/$1; shift
  [[ -f $out/log.jsonl && $(wc -l < "$out/log.jsonl") -ge $EPOCHS ]] && return
  mkdir -p "$out"
  echo "$PY -m training.train ${COMMON[*]} $* --out $out" > "$out/command.txt"
  local resume=(); [[ -f $out/checkpoint.pt ]] && resume=(--resume)
  $PY -m training.train "${COMMON[@]}" "$@" --out "$out" "${resume[@]}" 9>&- >> "$out/train.out" 2>&1 \
    || { echo "$(date -Is) $out failed: see $out/train.out"; exit 1; }
  echo "$(date -Is) $out done"
}

ship() {  # run name, model folder, trained k and the k to measure attention at (none for the ResNet):
  # export, evaluate, attention metrics (all boxed images, then the held-back half at k), manifest with the summary
  local run=runs/$1 model=models/$2 k=${3:-} attention_ks=${4:-}
  step "$run" export "$run/checkpoint.pt" bash -c "rm -rf $model && $PY -m training.export --checkpoint $run/checkpoint.pt --out $model"
  step "$run" evaluate "$run/export.done" $PY -m training.evaluate --model "$model" ${k:+--k $k} "${EVAL[@]}"
  local last=$run/evaluate.done
  if [[ -n $k ]]; then
    step "$run" attention "$last" $PY -m training.attention_metrics --model "$model" --k "$attention_ks" --threads 2
    step "$run" attention-heldback "$run/attention.done" \
      $PY -m training.attention_metrics --model "$model" --k "$k" --subset heldback --threads 2
    last=$run/attention-heldback.done
  fi
  step "$run" manifest "$last" $PY -m training.export --checkpoint "$run/checkpoint.pt" --out "$model" --eval "$model/eval.json"
}

train s3ta-16 "${S3TA[@]}" --curriculum "4@0,8@35/120,16@70/120"
ship s3ta-16 s3ta-16 16 4,16
train s3ta-4 "${S3TA[@]}" --glances 4
ship s3ta-4 s3ta-4 4 4
train resnet-baseline --arch resnet --widths 48,96,192  # 65 M multiply-accumulates; S3TA 64 M at k = 4, 78 M at k = 16
ship resnet-baseline resnet
