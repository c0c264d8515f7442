# Shared by run.sh and run2.sh (sourced): the budget every ablation gets, and run NAME FLAGS..., which trains
# runs/ablation-NAME (resuming its checkpoint if there is one), then measures its attention on the select half.
PY=/usr/bin/python3
COMMON=(--arch s3ta --widths 32,64,128 --c-k 64 --batch-size 64 --epochs 2 --eps-warmup 0.5 --attack-steps 2
        --val-limit 256 --threads 2 --seed 0)
PAPER="4@0,8@35/120,16@70/120"

run() {  # name, then train.py flags
  local name=$1; shift
  local out=runs/ablation-$name
  [[ -f $out/attention.json ]] && return
  mkdir -p "$out"
  echo "$PY -m training.train ${COMMON[*]} $* --out $out" > "$out/command.txt"
  local resume=(); [[ -f $out/checkpoint.pt ]] && resume=(--resume)
  $PY -m training.train "${COMMON[@]}" "$@" --out "$out" "${resume[@]}" > "$out/train.out" 2>&1
  $PY -m training.attention_metrics --checkpoint "$out/checkpoint.pt" --k 16 --subset select --threads 2 \
    --out "$out/attention.json" > /dev/null
  echo "$(date -Is) $name done"
}
