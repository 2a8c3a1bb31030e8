"""Train the character-level LSTM language model on tiny Shakespeare; write weights and card.

    python -m explainer.train charlm --data ../shared/data/tinyshakespeare/input.txt

The first 90% of the text trains, the last 10% is the dev text (the split of nanoGPT's
shakespeare_char). Each step reads a batch of random windows of `window` characters, each from a
zero state, and is scored by cross-entropy on every next character. Every `eval_every` steps the
whole dev text is scored; the best step's weights are kept. Training stops at `max_minutes`.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch.nn import functional as F

from ..data.splits import split_text
from ..evaluation.metrics import char_loss
from ..models.charlm import CharLM, CharLMConfig
from ..paths import ASSETS
from .paradigm_cards import write_charlm_card


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    window: int = 128             # characters per training window (truncated BPTT)
    batch_size: int = 32
    lr: float = 3e-3              # Adam, decayed to lr / 10 along a cosine over the budget
    clip: float = 1.0             # gradient norm
    eval_every: int = 200         # steps between two dev scores
    max_minutes: float = 7.0
    max_steps: int = 0            # stop after this many steps too (0: only the time budget)
    threads: int = 1              # CPU threads (the development machine is shared)


@dataclass
class TrainResult:
    model: CharLM
    dev_loss: float               # nats per character, of the kept step
    best_step: int
    history: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    steps: int = 0


def train(model_config: CharLMConfig, config: TrainConfig, train_text: str, dev_text: str,
          progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    budget = 60 * config.max_minutes
    torch.manual_seed(config.seed)
    model = CharLM(model_config)
    train_ids, dev_ids = model.encode(train_text), model.encode(dev_text)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    history = [{"step": 0, "dev_loss": round(char_loss(model, dev_ids), 4), "seconds": 0}]
    best_state, best_loss, best_step, step = None, history[0]["dev_loss"], 0, 0
    model.train()
    while True:
        elapsed = time.perf_counter() - started
        if elapsed > budget or (config.max_steps and step >= config.max_steps):
            break
        for group in optimizer.param_groups:     # cosine from lr to lr/10 over the time budget
            group["lr"] = config.lr * (0.55 + 0.45 * math.cos(math.pi * elapsed / budget))
        starts = torch.randint(len(train_ids) - config.window - 1, (config.batch_size,))
        rows = torch.stack([train_ids[s:s + config.window + 1] for s in starts.tolist()])
        logits = model(rows[:, :-1])                                   # (B, window, n_chars)
        loss = F.cross_entropy(logits.flatten(0, 1), rows[:, 1:].flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        optimizer.step()
        step += 1
        if step % config.eval_every == 0:
            score = char_loss(model, dev_ids)
            history.append({"step": step, "train_loss": round(loss.item(), 4),
                            "dev_loss": round(score, 4),
                            "seconds": round(time.perf_counter() - started)})
            if score < best_loss:
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
                best_loss, best_step = score, step
            if progress:
                print(f"step {step}: train loss {loss.item():.3f}, dev loss {score:.4f} nats "
                      f"({score / math.log(2):.3f} bits/char), "
                      f"{time.perf_counter() - started:.0f}s", flush=True)
    if best_state is not None:
        model.load_state_dict(best_state)
    return TrainResult(model, best_loss, best_step, history, time.perf_counter() - started, step)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--data", required=True, help="tinyshakespeare's input.txt")
    parser.add_argument("--out", default=str(ASSETS), help="where charlm.* are written")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--max-minutes", type=float, default=defaults.max_minutes)
    parser.add_argument("--hidden-size", type=int, default=CharLMConfig.hidden_size)
    parser.add_argument("--threads", type=int, default=defaults.threads)
    parser.add_argument("--no-progress", action="store_true")


def main(args: argparse.Namespace) -> None:
    command = "python -m explainer.train " + shlex.join(sys.argv[1:])
    config = TrainConfig(seed=args.seed, max_minutes=args.max_minutes, threads=args.threads)
    torch.set_num_threads(config.threads)
    path = Path(args.data)
    text = path.read_text(encoding="utf-8")
    train_text, dev_text = split_text(text)
    model_config = CharLMConfig(hidden_size=args.hidden_size, alphabet="".join(sorted(set(text))))
    print(f"training charlm on CPU ({config.threads} thread(s)): {len(train_text):,} train and "
          f"{len(dev_text):,} dev characters, alphabet of {model_config.n_chars}", flush=True)
    result = train(model_config, config, train_text, dev_text, progress=not args.no_progress)
    extra = {"training": dataclasses.asdict(config), "dev_loss": round(result.dev_loss, 4),
             "dev_bits_per_char": round(result.dev_loss / math.log(2), 4),
             "best_step": result.best_step}
    weights = result.model.save(args.out, extra)
    card = write_charlm_card(result, config, path, len(train_text), len(dev_text), command,
                             weights)
    print(f"dev loss {result.dev_loss:.4f} nats/char ({result.dev_loss / math.log(2):.3f} "
          f"bits/char) at step {result.best_step} of {result.steps}, {result.seconds:.0f}s; "
          f"wrote {weights}, {card}", flush=True)
