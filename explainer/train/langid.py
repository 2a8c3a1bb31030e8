"""Train the English-vs-French language identifier on Tatoeba's sentences; write weights and card.

    python -m explainer.train langid --data ../shared/data/tatoeba_eng_fra/eng-fra.txt

Every line of eng-fra.txt is an English sentence and its French translation. A pair goes to dev
when the CRC-32 of its English side is 0 mod 20 (5%), so a sentence and its translation never
sit on both sides of the split; then each side keeps its distinct sentences of at most
`max_chars` characters (after normalisation), labelled with their language. Only the last
state's answer is trained (many-to-one). Dev accuracy is scored after every epoch; the best
epoch is kept; training stops at `max_minutes`.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch.nn import functional as F

from ..data.labelled import LANGUAGE_MAX_CHARS, read_language_examples, sentence_batches
from ..data.labelled import SentenceExample as Example
from ..evaluation.metrics import language_accuracy, language_accuracy_by_length
from ..models.langid import LangID, LangIDConfig, normalize
from ..paths import ASSETS
from .paradigm_cards import write_langid_card


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    max_chars: int = LANGUAGE_MAX_CHARS  # longer sentences are left out
    min_char_count: int = 20      # rarer characters read as <unk>
    batch_size: int = 128
    lr: float = 3e-3              # Adam
    clip: float = 1.0
    max_epochs: int = 4
    max_minutes: float = 3.0
    threads: int = 1


@dataclass
class TrainResult:
    model: LangID
    dev_accuracy: float
    best_epoch: int
    history: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def train(model_config: LangIDConfig, config: TrainConfig, train_set: list[Example],
          dev_set: list[Example], progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    deadline = started + 60 * config.max_minutes
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    model = LangID(model_config)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    history = [{"epoch": 0, "dev_accuracy": round(language_accuracy(model, dev_set), 4),
                "seconds": 0}]
    best_state, best_epoch = None, 0
    for epoch in range(1, config.max_epochs + 1):
        model.train()
        done = 0
        for group in sentence_batches(train_set, config.batch_size, shuffle=True):
            ids, lengths = model.encode([text for text, _ in group])
            labels = torch.tensor([language for _, language in group])
            loss = F.cross_entropy(model(ids, lengths), labels)       # the last state only
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
            optimizer.step()
            done += 1
            if time.perf_counter() > deadline:
                break
        score = language_accuracy(model, dev_set)
        history.append({"epoch": epoch, "batches": done, "train_loss": round(loss.item(), 4),
                        "dev_accuracy": round(score, 4),
                        "seconds": round(time.perf_counter() - started)})
        if score > max(h["dev_accuracy"] for h in history[:-1]):
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best_epoch = epoch
        if progress:
            print(f"epoch {epoch}: dev accuracy {score:.4f}, "
                  f"{time.perf_counter() - started:.0f}s", flush=True)
        if time.perf_counter() > deadline:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    return TrainResult(model, max(h["dev_accuracy"] for h in history), best_epoch, history,
                       time.perf_counter() - started)


def alphabet(examples: list[Example], min_count: int) -> str:
    counts = Counter(c for text, _ in examples for c in text)
    return "".join(sorted(c for c, n in counts.items() if n >= min_count))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--data", required=True, help="tatoeba_eng_fra's eng-fra.txt")
    parser.add_argument("--out", default=str(ASSETS), help="where langid.* are written")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--max-minutes", type=float, default=defaults.max_minutes)
    parser.add_argument("--max-epochs", type=int, default=defaults.max_epochs)
    parser.add_argument("--threads", type=int, default=defaults.threads)
    parser.add_argument("--no-progress", action="store_true")


def main(args: argparse.Namespace) -> None:
    command = "python -m explainer.train " + shlex.join(sys.argv[1:])
    config = TrainConfig(seed=args.seed, max_minutes=args.max_minutes,
                         max_epochs=args.max_epochs, threads=args.threads)
    torch.set_num_threads(config.threads)
    path = Path(args.data)
    train_set, dev_set = read_language_examples(path, config.max_chars, normalize)
    model_config = LangIDConfig(alphabet=alphabet(train_set, config.min_char_count))
    print(f"training langid on CPU: {len(train_set):,} train and {len(dev_set):,} dev sentences, "
          f"alphabet of {len(model_config.alphabet)}", flush=True)
    result = train(model_config, config, train_set, dev_set, progress=not args.no_progress)
    overall, per_language = language_accuracy(result.model, dev_set, per_language=True)
    extra = {"training": dataclasses.asdict(config), "dev_accuracy": round(overall, 4),
             "best_epoch": result.best_epoch}
    weights = result.model.save(args.out, extra)
    counts = Counter(language for _, language in train_set)
    card = write_langid_card(result, config, path, counts, dev_set, per_language,
                             language_accuracy_by_length(result.model, dev_set), command,
                             weights)
    print(f"dev accuracy {overall:.4f} (epoch {result.best_epoch}), {result.seconds:.0f}s; "
          f"wrote {weights}, {card}", flush=True)
