#!/usr/bin/env bash
# What gpu-train.sh brought back -> a folder of assets as the repository ships them:
# the tar unpacked, the float16 weights written back as float32 (same metadata).
#   bash tools/unpack-translators.sh FILES_AT DEST      (run it from the repository root)
set -euo pipefail
SRC=${1:?usage: gpu-unpack.sh FILES_AT DEST}
DEST=${2:?usage: gpu-unpack.sh FILES_AT DEST}
mkdir -p "$DEST"
tar xzf "$SRC/translate-assets.tar.gz" -C "$DEST"
cp "$SRC"/*.log "$DEST"/ 2>/dev/null || true
python - "$SRC" "$DEST" <<'EOF'
import sys
from pathlib import Path
from safetensors import safe_open
from safetensors.torch import load_file, save_file
src, dest = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(src.glob("translate-*.f16.safetensors")):
    with safe_open(str(path), framework="pt") as f:
        metadata = f.metadata()
    target = dest / path.name.replace(".f16.safetensors", ".safetensors")
    save_file({k: v.float() for k, v in load_file(str(path)).items()}, str(target),
              metadata=metadata)
    print(f"{target}: {target.stat().st_size / 2**20:.1f} MiB float32")
EOF
ls -la "$DEST"
