"""Score the character LM on a text: cross-entropy per character, in nats and bits.

    python -m explainer.evaluate charlm --text ../shared/data/tinyshakespeare/input.txt

By default only the dev part (the last 10%, as in training) is scored; --whole scores all of it.
The last line printed is exactly `bits per char: X.XXXX`.
"""
from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import torch

from ..data.splits import split_text
from ..models.charlm import CharLM
from .metrics import char_loss


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", required=True, help="a UTF-8 text (tinyshakespeare's input.txt)")
    parser.add_argument("--whole", action="store_true", help="score the whole text, not its dev part")


def main(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    model = CharLM.load()
    text = Path(args.text).read_text(encoding="utf-8")
    part = text if args.whole else split_text(text)[1]
    try:
        ids = model.encode(part)
    except ValueError as error:
        raise SystemExit(f"{args.text}: {error}")
    with torch.no_grad():
        loss = char_loss(model, ids)
    print(f"{len(part):,} characters, {time.perf_counter() - start:.1f}s")
    print(f"nats per char: {loss:.4f}")
    print(f"bits per char: {loss / math.log(2):.4f}")
