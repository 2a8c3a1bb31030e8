"""Train the delay-task networks (Elman and LSTM: same size, same data, same seed, same steps) and
keep each at several checkpoints; write weights and cards. The app scores them live.

    python -m explainer.train delay --cell both

Synthetic data only (no corpus): each step draws a batch of sequences at one delay chosen
uniformly from 1..max_delay, so short and long dependencies are mixed in every stretch of
training. No model selection: the weights after each of CHECKPOINTS steps are kept as they are,
and the card reports their dev accuracy per delay (fixed sequences from a seed of their own).
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import shlex
import sys
import time
from dataclasses import dataclass, field

import torch
from torch.nn import functional as F

from ..models.delay import DelayCheckpoints, DelayConfig, DelayNet, accuracy_by_delay, make_batch
from ..paths import ASSETS
from .paradigm_cards import write_delay_card

DEV_DELAYS = [1, 2, 5, 10, 20, 30, 40]
DEV_SEED = 10_000          # dev sequences; the app scores with other seeds


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    batch_size: int = 64
    lr: float = 3e-3               # Adam
    clip: float = 1.0
    checkpoints: tuple[int, ...] = (100, 250, 500, 1000, 1500, 2000, 3000)
    threads: int = 1


@dataclass
class TrainResult:
    model: DelayCheckpoints
    history: list[dict] = field(default_factory=list)   # dev accuracy per delay at each checkpoint
    seconds: float = 0.0


def dev_score(model: DelayNet) -> list[float]:
    was_training = model.training
    model.eval()
    scores = accuracy_by_delay(model, DEV_DELAYS, 256, DEV_SEED)
    model.train(was_training)
    return scores


def train(model_config: DelayConfig, config: TrainConfig, progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    model = DelayNet(model_config)
    kept = DelayCheckpoints(model_config, config.checkpoints)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    history = [{"step": 0, "dev": [round(s, 4) for s in dev_score(model)], "seconds": 0}]
    model.train()
    for step in range(1, max(config.checkpoints) + 1):
        batch = make_batch(random.randint(1, model_config.max_delay), config.batch_size,
                           generator)
        loss = F.cross_entropy(model(batch.ids), batch.targets)       # the "?" answer only
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        optimizer.step()
        if step in config.checkpoints:
            kept.at(step).load_state_dict(model.state_dict())
            scores = dev_score(model)
            history.append({"step": step, "dev": [round(s, 4) for s in scores],
                            "seconds": round(time.perf_counter() - started)})
            if progress:
                print(f"{model_config.name} step {step}: dev accuracy by delay "
                      f"{dict(zip(DEV_DELAYS, (round(s, 2) for s in scores)))}, "
                      f"{time.perf_counter() - started:.0f}s", flush=True)
    return TrainResult(kept, history, time.perf_counter() - started)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--cell", choices=["elman", "lstm", "both"], default="both")
    parser.add_argument("--out", default=str(ASSETS), help="where delay-CELL.* are written")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--hidden-size", type=int, default=DelayConfig.hidden_size)
    parser.add_argument("--max-delay", type=int, default=DelayConfig.max_delay)
    parser.add_argument("--no-progress", action="store_true")


def main(args: argparse.Namespace) -> None:
    command = "python -m explainer.train " + shlex.join(sys.argv[1:])
    config = TrainConfig(seed=args.seed)
    torch.set_num_threads(config.threads)
    for cell in (["elman", "lstm"] if args.cell == "both" else [args.cell]):
        model_config = DelayConfig(cell=cell, hidden_size=args.hidden_size,
                                   max_delay=args.max_delay)
        result = train(model_config, config, progress=not args.no_progress)
        extra = {"training": dataclasses.asdict(config), "dev_delays": DEV_DELAYS,
                 "dev_accuracy": {h["step"]: h["dev"] for h in result.history}}
        weights = result.model.save(args.out, extra)
        card = write_delay_card(result, config, DEV_DELAYS, command, weights)
        print(f"{model_config.name}: {result.seconds:.0f}s; wrote {weights}, {card}", flush=True)
