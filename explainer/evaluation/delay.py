"""Score the shipped delay-task networks (Elman and LSTM) on fresh sequences, per delay.

    python -m explainer.evaluate delay --step 1000 --per-delay 512 --seed 0

Prints one row per delay: accuracy of each network after `step` training steps.
"""
from __future__ import annotations

import argparse

from ..explain.tradeoffs import EVAL_DELAYS, load_delay, measure_delays


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--step", type=int, default=None,
                        help="training checkpoint (default: the last one shipped)")
    parser.add_argument("--per-delay", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)


def main(args: argparse.Namespace) -> None:
    steps = load_delay("elman").steps
    step = steps[-1] if args.step is None else args.step
    if step not in steps:
        raise SystemExit(f"--step must be one of the shipped checkpoints {steps}")
    trace = measure_delays(step, args.per_delay, args.seed, EVAL_DELAYS)
    print(f"after {step} steps, {args.per_delay} sequences per delay (seed {args.seed})")
    print("delay  elman   lstm")
    for delay, elman, lstm in zip(trace.delays, trace.elman, trace.lstm):
        print(f"{delay:5d}  {elman:.4f}  {lstm:.4f}")
