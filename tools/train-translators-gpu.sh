#!/usr/bin/env bash
# Subword models, then the attention and plain translators side by side on one GPU.
#
#   bash tools/train-translators-gpu.sh .gpudata/data/eng-fra.txt [MINUTES]      (in the repository root)
#
# MINUTES (default 6.2) is each translator's training budget (--max-minutes); with the subword
# stage (~30 s), start-up, the last dev BLEU and saving, everything ends in about MINUTES + 1.3.
# Needs python3 with torch (CUDA), numpy, safetensors, sacrebleu, sentencepiece==0.2.3, tqdm;
# imports no gradio/plotly/conllu. Writes into $OUT (at most 8 files, each under 16 MiB):
#   translate-attention.f16.safetensors, translate-plain.f16.safetensors   weights in float16
#   translate-assets.tar.gz    cards, configs, vocabularies, subword models, the stage note
#   subwords.log attention.log plain.log
# Back here: bash tools/unpack-translators.sh FILES_AT DEST   (float32 weights, tar unpacked)
set -uo pipefail
DATA=${1:?usage: train.sh CORPUS_FILE [MINUTES]}
MINUTES=${2:-6.2}
OUT=${OUT:-/tmp/gpu-out}
RUN=/tmp/translators
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$OUT"
rm -rf "$RUN" && mkdir -p "$RUN"
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - started ))s"; }

collect() {   # whatever happened, bring back the logs and what was written
  cp "$RUN"/*.log "$OUT"/ 2>/dev/null
  "$PY" - "$RUN" "$OUT" <<'EOF'
import sys
from pathlib import Path
from safetensors import safe_open
from safetensors.torch import load_file, save_file
run, out = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(run.glob("translate-*.safetensors")):
    with safe_open(str(path), framework="pt") as f:
        metadata = f.metadata()
    tensors = {k: v.half() for k, v in load_file(str(path)).items()}
    target = out / path.name.replace(".safetensors", ".f16.safetensors")
    save_file(tensors, str(target), metadata=metadata)
    print(f"{target.name}: {target.stat().st_size / 2**20:.1f} MiB "
          f"(float32 {path.stat().st_size / 2**20:.1f} MiB)")
EOF
  (cd "$RUN" && tar czf "$OUT/translate-assets.tar.gz" --exclude='*.safetensors' --exclude='*.log' .)
  ls -la "$OUT"
}
trap collect EXIT

"$PY" -c "import torch, sentencepiece, sacrebleu, safetensors, tqdm, numpy; \
print('torch', torch.__version__, 'sentencepiece', sentencepiece.__version__, \
torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'NO GPU')"
"$PY" -m explainer.train.translate --stage subwords --data "$DATA" --out "$RUN" \
  > "$RUN/subwords.log" 2>&1 || { cat "$RUN/subwords.log"; exit 1; }
tail -1 "$RUN/subwords.log"; echo "subwords done at $(elapsed)"

pids=()
for model in attention plain; do
  "$PY" -m explainer.train.translate --data "$DATA" --model "$model" --out "$RUN" \
    --max-minutes "$MINUTES" --max-epochs 60 --batch-size 256 --lr 2e-3 --no-progress \
    > "$RUN/$model.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
echo "translators done at $(elapsed) (status $status)"
tail -n 4 "$RUN/attention.log" "$RUN/plain.log"
exit $status
