"""Where the repository's own files lie: its root (where app.py is) and the shipped assets."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"          # weights, their JSON config and vocabularies, model cards
