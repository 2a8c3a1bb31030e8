"""Train the one-to-one "is this word a noun?" classifier on UD English-EWT word forms.

    python -m explainer.train isnoun --data ../shared/data/ud_english_ewt

Every distinct word form of *-train.conllu is one example, labelled 1 when its most frequent UPOS
tag there is NOUN or PROPN (ties: the tag seen first). Dev: the word forms of *-dev.conllu that
never occur in train (the model must go by spelling alone), labelled the same way from dev; the
epoch with the best dev accuracy is kept. All dev word forms are scored too, for the card.
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

from ..data.labelled import WordExample as Example
from ..data.labelled import word_labels
from ..data.splits import find_split
from ..data.tagged import read_conllu
from ..evaluation.metrics import noun_accuracy
from ..models.isnoun import IsNoun, IsNounConfig, word_features
from ..paths import ASSETS
from .paradigm_cards import write_isnoun_card


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    min_count: int = 3            # a feature must occur in this many training words
    batch_size: int = 256
    lr: float = 3e-3              # Adam
    weight_decay: float = 1e-4
    dropout: float = 0.2          # on the input features, while training
    max_epochs: int = 30
    threads: int = 1


@dataclass
class TrainResult:
    model: IsNoun
    dev_accuracy: float           # unseen dev word forms, of the kept epoch
    best_epoch: int
    history: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def feature_vocabulary(words: list[str], min_count: int) -> tuple[str, ...]:
    counts = Counter(f for w in words for f in set(word_features(w)))
    return tuple(sorted(f for f, n in counts.items() if n >= min_count))


def train(config: TrainConfig, train_set: list[Example], dev_set: list[Example],
          model_config: IsNounConfig, progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    model = IsNoun(model_config)
    x_all = model.vectorize([w for w, _ in train_set])                  # (N, F)
    y_all = torch.tensor([y for _, y in train_set])                     # (N,)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr,
                                 weight_decay=config.weight_decay)
    history = [{"epoch": 0, "dev_accuracy": round(noun_accuracy(model, dev_set), 4)}]
    best_state, best_epoch = None, 0
    for epoch in range(1, config.max_epochs + 1):
        order = torch.randperm(len(train_set))
        for start in range(0, len(order), config.batch_size):
            rows = order[start:start + config.batch_size]
            x = F.dropout(x_all[rows], config.dropout, training=True)
            loss = F.cross_entropy(model(x), y_all[rows])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        score = noun_accuracy(model, dev_set)
        history.append({"epoch": epoch, "train_accuracy": round(noun_accuracy(model, train_set), 4),
                        "dev_accuracy": round(score, 4)})
        if score > max(h["dev_accuracy"] for h in history[:-1]):
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best_epoch = epoch
        if progress:
            print(f"epoch {epoch}: dev accuracy (unseen words) {score:.4f}", flush=True)
    if best_state is not None:
        model.load_state_dict(best_state)
    return TrainResult(model, max(h["dev_accuracy"] for h in history), best_epoch, history,
                       time.perf_counter() - started)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--data", required=True, help="folder with *-train.conllu, *-dev.conllu")
    parser.add_argument("--out", default=str(ASSETS), help="where isnoun.* are written")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--max-epochs", type=int, default=defaults.max_epochs)
    parser.add_argument("--no-progress", action="store_true")


def main(args: argparse.Namespace) -> None:
    command = "python -m explainer.train " + shlex.join(sys.argv[1:])
    config = TrainConfig(seed=args.seed, max_epochs=args.max_epochs)
    torch.set_num_threads(config.threads)
    train_path, dev_path = find_split(args.data, "train"), find_split(args.data, "dev")
    train_labels = word_labels(read_conllu(train_path))
    dev_labels = word_labels(read_conllu(dev_path))
    train_set = sorted(train_labels.items())
    unseen = sorted((w, y) for w, y in dev_labels.items() if w not in train_labels)
    model_config = IsNounConfig(features=feature_vocabulary([w for w, _ in train_set],
                                                            config.min_count))
    print(f"training isnoun: {len(train_set):,} train words, {len(unseen):,} unseen dev words, "
          f"{model_config.n_features:,} features", flush=True)
    result = train(config, train_set, unseen, model_config, progress=not args.no_progress)
    all_dev = noun_accuracy(result.model, sorted(dev_labels.items()))
    extra = {"training": dataclasses.asdict(config),
             "dev_accuracy_unseen": round(result.dev_accuracy, 4),
             "dev_accuracy_all": round(all_dev, 4), "best_epoch": result.best_epoch}
    weights = result.model.save(args.out, extra)
    card = write_isnoun_card(result, config, train_path, dev_path, train_set, unseen,
                             sorted(dev_labels.items()), all_dev, command, weights)
    print(f"dev accuracy {result.dev_accuracy:.4f} on unseen words, {all_dev:.4f} on all dev "
          f"words (epoch {result.best_epoch}), {result.seconds:.0f}s; wrote {weights}, {card}",
          flush=True)
