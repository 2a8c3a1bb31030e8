"""Train a part-of-speech tagger on UD English-EWT; write its weights, vocabulary and card.

    python -m explainer.train pos --data ../shared/data/ud_english_ewt --model slide

Trains on *-train.conllu, scores *-dev.conllu after every epoch, keeps the best epoch and stops
after `patience` epochs without improvement (the dev set is used for model selection only).
Unknown words: a training word is replaced by <unk> with probability a / (a + count(word))
(Kiperwasser & Goldberg 2016), so rare words teach the <unk> embedding and the
shape/suffix/character features to stand in for a word's identity.
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

import torch
from torch.nn import functional as F
from tqdm import tqdm

from ..data.batching import IGNORE, EncodedSentence, TaggerBatch, collate, encode_sentence
from ..data.splits import find_split
from ..data.tagged import UPOS_TAGS, TaggedSentence, read_conllu
from ..data.vocab import TaggerVocab, normalize
from ..device import choose_device, describe
from ..evaluation.metrics import tagging_accuracy
from ..models.tagger import CONFIGS, Tagger, TaggerConfig
from ..paths import ASSETS
from .cards import write_pos_card


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    max_epochs: int = 40
    patience: int = 6             # epochs without a better dev accuracy before stopping
    batch_size: int = 32
    lr: float = 2e-3              # Adam
    lr_decay: float = 0.5         # multiply lr by this whenever dev accuracy stalls 2 epochs
    clip: float = 5.0             # gradient norm
    word_dropout: float = 0.25    # a in p(<unk>) = a / (a + count)
    min_word_count: int = 2       # rarer words are <unk> in the vocabulary
    max_minutes: float = 0.0      # stop after the epoch that passes this budget (0: none)


@dataclass
class TrainResult:
    model: Tagger
    dev_accuracy: float           # of the kept epoch
    best_epoch: int
    history: list[float] = field(default_factory=list)  # dev accuracy, [0] before training
    seconds: float = 0.0
    stopped: str = ""             # why training ended


def _word_dropout(batch: TaggerBatch, counts: torch.Tensor, a: float) -> TaggerBatch:
    if a <= 0:
        return batch
    p = a / (a + counts[batch.words])                                   # (B, T)
    dropped = (torch.rand_like(p) < p) & batch.mask
    return dataclasses.replace(batch, words=batch.words.masked_fill(dropped, 1))  # 1 = <unk>


def train_epoch(model: Tagger, encoded: list[EncodedSentence], optimizer, word_counts,
                config: TrainConfig, device: torch.device, desc: str, progress: bool) -> None:
    """One pass over the shuffled training sentences, through the fused kernels."""
    model.train()
    order = list(range(len(encoded)))
    random.shuffle(order)
    steps = range(0, len(order), config.batch_size)
    bar = tqdm(steps, desc=desc, disable=not progress, leave=False, mininterval=5,
               file=sys.stdout)
    for start in bar:
        batch = collate([encoded[i] for i in order[start:start + config.batch_size]])
        batch = _word_dropout(batch.to(device), word_counts, config.word_dropout)
        logits = model(batch)                                           # (B, T, n_tags)
        loss = F.cross_entropy(logits.flatten(0, 1), batch.tags.flatten(), ignore_index=IGNORE)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        optimizer.step()
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)


def train(model_config: TaggerConfig, config: TrainConfig, train_set: list[TaggedSentence],
          dev_set: list[TaggedSentence], device: torch.device,
          progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    vocab = TaggerVocab.build(train_set, UPOS_TAGS, min_word_count=config.min_word_count)
    model = Tagger(model_config.sized(vocab), vocab).to(device)

    counts = Counter(normalize(w) for s in train_set for w in s.words)
    word_counts = torch.tensor([float("inf")] * 2 + [counts[w] for w in vocab.words.tokens[2:]],
                               device=device)                           # (n_words,)
    encoded = [encode_sentence(vocab, list(s.words), list(s.tags), model_config.max_word_chars)
               for s in train_set]
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max",
                                                           factor=config.lr_decay, patience=1)

    history = [tagging_accuracy(model, dev_set)]
    best_state, best_epoch, stale = None, 0, 0
    stopped = f"reached max_epochs ({config.max_epochs})"
    for epoch in range(1, config.max_epochs + 1):
        train_epoch(model, encoded, optimizer, word_counts, config, device,
                    f"{model_config.name} epoch {epoch}", progress)
        history.append(tagging_accuracy(model, dev_set))
        scheduler.step(history[-1])
        improved = history[-1] > max(history[:-1])
        if improved:
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best_epoch, stale = epoch, 0
        else:
            stale += 1
        if progress:
            print(f"{model_config.name} epoch {epoch}: dev accuracy {history[-1]:.4f}"
                  f"{' (best)' if improved else ''}, lr {optimizer.param_groups[0]['lr']:.2g}, "
                  f"{time.perf_counter() - started:.0f}s", flush=True)
        if stale >= config.patience:
            stopped = f"early stopping: no better dev accuracy for {config.patience} epochs"
            break
        if config.max_minutes and time.perf_counter() - started > 60 * config.max_minutes:
            stopped = f"time budget: {config.max_minutes} min spent after epoch {epoch}"
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    if progress:
        print(f"{model_config.name}: stopped ({stopped})", flush=True)
    return TrainResult(model, max(history), best_epoch, history, time.perf_counter() - started,
                       stopped)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--data", required=True, help="folder with *-train.conllu, *-dev.conllu")
    parser.add_argument("--model", required=True, choices=sorted(CONFIGS))
    parser.add_argument("--out", default=str(ASSETS), help="where pos-MODEL.* are written")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--max-epochs", type=int, default=defaults.max_epochs)
    parser.add_argument("--patience", type=int, default=defaults.patience)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--max-minutes", type=float, default=defaults.max_minutes,
                        help="stop after the epoch that passes this many minutes")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a field of the model's config, e.g. hidden_size=256")
    parser.add_argument("--no-progress", action="store_true", help="no tqdm bars")


def build_model_config(name: str, overrides: list[str]) -> TaggerConfig:
    config = CONFIGS[name]()
    changes = {}
    for item in overrides:
        key, _, value = item.partition("=")
        if not hasattr(config, key) or key in ("name",) or key.startswith("n_"):
            raise SystemExit(f"--set {item}: not a field to set; choose from "
                             f"{[f.name for f in dataclasses.fields(config)][1:12]}")
        kind = type(getattr(config, key))
        changes[key] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return dataclasses.replace(config, **changes)


def main(args: argparse.Namespace) -> None:
    command = "python -m explainer.train " + shlex.join(sys.argv[1:])
    config = TrainConfig(seed=args.seed, max_epochs=args.max_epochs, patience=args.patience,
                         batch_size=args.batch_size, lr=args.lr, max_minutes=args.max_minutes)
    train_path, dev_path = find_split(args.data, "train"), find_split(args.data, "dev")
    train_set, dev_set = read_conllu(train_path), read_conllu(dev_path)
    device = choose_device()
    print(f"training pos-{args.model} on {describe(device)}: {len(train_set)} train sentences, "
          f"{len(dev_set)} dev sentences", flush=True)
    result = train(build_model_config(args.model, args.set), config, train_set, dev_set, device,
                   progress=not args.no_progress)
    extra = {"training": dataclasses.asdict(config), "dev_accuracy": round(result.dev_accuracy, 4),
             "best_epoch": result.best_epoch}
    weights = result.model.save(args.out, extra)
    card = write_pos_card(result, config, train_set, dev_set, train_path, dev_path,
                          describe(device), command, weights)
    print(f"dev accuracy {result.dev_accuracy:.4f} (epoch {result.best_epoch}), "
          f"{result.seconds:.0f}s; wrote {weights}, {card}", flush=True)
