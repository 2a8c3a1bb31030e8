"""Train an English -> French translator on Tatoeba's pairs; write weights, vocabulary and card.

Two stages: the subword models (both languages, shared by both translators), then a translator.
    python -m explainer.train translate --stage subwords --data ../shared/data/tatoeba_eng_fra
    python -m explainer.train translate --data ../shared/data/tatoeba_eng_fra --model attention

Teacher forcing: every decoder step reads the reference's previous word and is scored by
cross-entropy (with label smoothing) on the next one. Trains on the train split's pairs of at most
MAX_SOURCE_WORDS English words; after every epoch it translates the whole dev split greedily and
keeps the epoch with the best dev BLEU (dev is used for model selection only). Batches hold
sentences of similar length, so the decoder loop runs few padded steps. The loss runs on torch's
fused kernels with the model's own parameters (explainer/train/translate_fast.py). --augment also
trains on copies of pairs with their names and numbers swapped (explainer/data/augment.py).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import shlex
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import torch
from torch.nn import functional as F
from tqdm import tqdm

from ..data.pairs import (BOS_ID, EOS_ID, MAX_SOURCE_WORDS, MAX_TARGET_TOKENS, PAD_ID, Pair,
                          PairVocab, collate_pairs, corpus_path, read_pairs, write_pairs)
from ..data.augment import swapped_pairs
from ..data.splits import split_pairs
from ..data.subwords import MODEL_FILES, Subwords, train_subwords
from ..device import choose_device, describe
from ..evaluation.bleu import dev_bleu
from ..models.weights import load_weights
from ..models.translator import CONFIGS, Translator, TranslatorConfig
from ..paths import ASSETS
from .translate_card import write_translate_card
from .translate_fast import teacher_forced_logits
from .translate_warm import warm_start

SUBWORD_SIZES = {"source": 8000, "target": 8000}    # pieces per language, specials and bytes in


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 1
    max_epochs: int = 30
    patience: int = 4             # epochs without a better dev BLEU before stopping
    batch_size: int = 256
    lr: float = 2e-3              # Adam
    lr_decay: float = 0.5         # multiply lr by this whenever dev BLEU does not improve
    clip: float = 1.0             # gradient norm
    label_smoothing: float = 0.1
    max_minutes: float = 0.0      # stop when this budget is spent (0: none)
    limit: int = 0                # train on the first N training pairs only (0: all; for tests)
    init: str = ""                # folder of an earlier run's translate-<model>.*: continue it
    subwords: str = ""            # folder of the subword models (MODEL_FILES); "": --init's,
                                  # else --out
    warm: str = ""                # folder of a word-level translate-<model>.*: start from its
                                  # vocabulary-free weights and its words' rows (translate_warm)
    dev_limit: int = 0            # select epochs on N dev pairs spread evenly over the split
                                  # (the file runs from short to long sentences); 0: all
    augment: bool = False         # also train on copies with names and numbers swapped
                                  # (explainer/data/augment.py); pieces counted on both


@dataclass
class TrainResult:
    model: Translator
    dev_bleu: float               # of the kept epoch
    best_epoch: int
    history: list[dict] = field(default_factory=list)   # per epoch: loss, dev BLEU, seconds
    seconds: float = 0.0
    stopped: str = ""
    train_pairs: int = 0
    previous: dict | None = None  # the continued run's saved config: its training and history
    warm: dict | None = None      # what the warm start copied (translate_warm.warm_start)
    augmented: int = 0            # copies with names and numbers swapped, trained on too


def encode_pairs(vocab: PairVocab, pairs: list[Pair]) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(source ids, <s> target ids </s>) per pair, leaving out French of over MAX_TARGET_TOKENS
    pieces."""
    sources = vocab.subwords["source"].encode_many([p.english for p in pairs])
    targets = vocab.subwords["target"].encode_many([p.french for p in pairs])
    return [(torch.tensor(vocab.source.encode(s)),
             torch.tensor([BOS_ID, *vocab.target.encode(t), EOS_ID]))
            for s, t in zip(sources, targets) if len(t) <= MAX_TARGET_TOKENS]


def length_batches(encoded, batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar source length, in a shuffled order."""
    order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), random.random()))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    random.shuffle(batches)
    return batches


def train_epoch(model: Translator, encoded, optimizer, config: TrainConfig, device,
                deadline: float, desc: str, progress: bool) -> float:
    """One pass (or until the deadline); returns the mean training loss."""
    model.train()
    total, count = 0.0, 0
    bar = tqdm(length_batches(encoded, config.batch_size), desc=desc, disable=not progress,
               leave=False, mininterval=10, file=sys.stdout)
    for indices in bar:
        batch = collate_pairs(*zip(*(encoded[i] for i in indices))).to(device)
        logits = teacher_forced_logits(model, batch)                    # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), batch.target_out.flatten(),
                               ignore_index=PAD_ID, label_smoothing=config.label_smoothing)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
        optimizer.step()
        total, count = total + loss.item(), count + 1
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
        if time.perf_counter() > deadline:
            break
    return total / max(count, 1)


def train(model_config: TranslatorConfig, config: TrainConfig, train_set: list[Pair],
          dev_set: list[Pair], device: torch.device, progress: bool = True) -> TrainResult:
    started = time.perf_counter()
    deadline = started + 60 * config.max_minutes if config.max_minutes else float("inf")
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    model, previous = start_model(model_config, config, train_set)
    warm = warm_start(model, config.warm) if config.warm else None
    if warm:
        print(f"warm start from {config.warm}: {warm}", flush=True)
    if config.dev_limit and config.dev_limit < len(dev_set):
        dev_set = dev_set[::len(dev_set) // config.dev_limit][:config.dev_limit]
    model, vocab = model.to(device), model.vocab
    encoded = encode_pairs(vocab, train_set)
    train_pairs, augmented = len(encoded), 0
    if config.augment:
        extra = swapped_pairs(train_set, config.seed)
        if vocab.subwords is not None:       # the tab quotes how often training saw a piece
            vocab.counts = PairVocab.build(train_set + extra, vocab.subwords["source"].path.parent
                                           ).counts
        more = encode_pairs(vocab, extra)
        encoded, augmented = encoded + more, len(more)
        print(f"augment: {augmented} copies with names and numbers swapped", flush=True)
    print(f"{model_config.name}: {len(encoded)} pairs of at most {MAX_TARGET_TOKENS} French "
          f"pieces, {time.perf_counter() - started:.0f}s", flush=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max",
                                                           factor=config.lr_decay, patience=0)
    history: list[dict] = []
    best_state, best_bleu, best_epoch, stale = None, -1.0, 0, 0
    stopped = f"reached max_epochs ({config.max_epochs})"
    for epoch in range(1, config.max_epochs + 1):
        loss = train_epoch(model, encoded, optimizer, config, device, deadline,
                           f"{model_config.name} epoch {epoch}", progress)
        bleu = dev_bleu(model, dev_set)
        scheduler.step(bleu)
        history.append({"epoch": epoch, "train_loss": round(loss, 4), "dev_bleu": round(bleu, 2),
                        "seconds": round(time.perf_counter() - started)})
        improved = bleu > best_bleu
        if improved:
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best_bleu, best_epoch, stale = bleu, epoch, 0
        else:
            stale += 1
        print(f"{model_config.name} epoch {epoch}: train loss {loss:.3f}, dev BLEU {bleu:.2f}"
              f"{' (best)' if improved else ''}, lr {optimizer.param_groups[0]['lr']:.2g}, "
              f"{time.perf_counter() - started:.0f}s", flush=True)
        if stale >= config.patience:
            stopped = f"early stopping: no better dev BLEU for {config.patience} epochs"
            break
        if time.perf_counter() > deadline:
            stopped = f"time budget: {config.max_minutes} min spent during epoch {epoch}"
            break
    model.load_state_dict(best_state)
    return TrainResult(model, best_bleu, best_epoch, history, time.perf_counter() - started,
                       stopped, train_pairs, previous, warm, augmented)


# What a continued run (`--init`) keeps of the run it started from, for its card: that run's own
# start (warm, or the run before it) included, so the card tells the whole chain.
PREVIOUS_KEYS = ("command", "training", "dev_bleu", "best_epoch", "history", "stopped", "device",
                 "warm", "previous")


def start_model(model_config: TranslatorConfig, config: TrainConfig,
                train_set: list[Pair]) -> tuple[Translator, dict | None]:
    """A fresh model with vocabularies built from train_set, or (config.init) an earlier run's
    model, its vocabularies and its saved metadata, to train further."""
    if not config.init:
        vocab = PairVocab.build(train_set, config.subwords)
        return Translator(model_config.sized(vocab), vocab), None
    model = Translator.load(model_config.name, config.init).train()
    for p in model.parameters():
        p.requires_grad_(True)
    _, meta = load_weights(Path(config.init) / f"translate-{model_config.name}")
    return model, {k: meta.get(k) for k in PREVIOUS_KEYS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    parser.add_argument("--data", required=True, help="folder holding eng-fra.txt, or the file")
    parser.add_argument("--stage", choices=("subwords", "translator"), default="translator",
                        help="subwords: train both languages' subword models (first); "
                             "translator: train --model on them")
    parser.add_argument("--model", choices=sorted(CONFIGS), help="the translator to train")
    parser.add_argument("--out", default=str(ASSETS), help="where translate-MODEL.* are written")
    parser.add_argument("--write-dev", metavar="PATH",
                        help="also write the dev split's pairs to PATH (never commit it)")
    for name in ("seed", "max_epochs", "patience", "batch_size", "lr", "max_minutes", "limit",
                 "init", "subwords", "warm", "dev_limit"):
        value = getattr(defaults, name)
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--augment", action="store_true",
                        help="also train on copies of the pairs with Tom, Mary, Boston and "
                             "numbers swapped for others (explainer/data/augment.py)")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a field of the model's config, e.g. decoder_hidden=256")
    parser.add_argument("--no-progress", action="store_true", help="no tqdm bars")
    parser.add_argument("--card-only", action="store_true",
                        help="rewrite translate-MODEL.md in --out from the weights and the "
                             "training record saved there (after a change to the card's text)")


def train_subword_models(train_set: list[Pair], out: str | Path, command: str) -> Path:
    """Both languages' subword models from the training pairs, and a note of how they were made
    (translate-subwords.json, which the translators' cards quote)."""
    started = time.perf_counter()
    texts = {"source": [p.english for p in train_set], "target": [p.french for p in train_set]}
    sizes = {}
    for side, name in MODEL_FILES.items():
        model = train_subwords(texts[side], Path(out) / name, SUBWORD_SIZES[side])
        sizes[side] = len(Subwords(model).pieces)    # fewer than asked on a small corpus
    note = {"command": command, "seconds": round(time.perf_counter() - started, 1),
            "pairs": len(train_set), "vocab_sizes": sizes, "files": MODEL_FILES}
    path = Path(out) / "translate-subwords.json"
    path.write_text(json.dumps(note, indent=2) + "\n")
    return path


def build_model_config(name: str, overrides: list[str]) -> TranslatorConfig:
    config = CONFIGS[name]
    changes = {}
    for item in overrides:
        key, _, value = item.partition("=")
        if not hasattr(config, key) or key in ("name", "attention") or key.startswith("n_"):
            raise SystemExit(f"--set {item}: not a field to set; choose from "
                             f"{[f.name for f in dataclasses.fields(config)][2:7]}")
        changes[key] = type(getattr(config, key))(value)
    return dataclasses.replace(config, **changes)


def main(args: argparse.Namespace) -> None:
    argv = sys.argv[1:]
    argv = argv[1:] if argv[:1] == ["translate"] else argv   # also run as explainer.train.translate
    command = "python -m explainer.train translate " + shlex.join(argv)
    config = TrainConfig(seed=args.seed, max_epochs=args.max_epochs, patience=args.patience,
                         batch_size=args.batch_size, lr=args.lr, max_minutes=args.max_minutes,
                         limit=args.limit, init=args.init,
                         subwords=args.subwords or args.init or args.out,
                         warm=args.warm, dev_limit=args.dev_limit, augment=args.augment)
    path = corpus_path(args.data)
    train_all, dev_set = split_pairs(read_pairs(path))
    if args.write_dev:
        print(f"wrote {len(dev_set)} dev pairs to {write_pairs(dev_set, args.write_dev)}")
    train_set = [p for p in train_all if p.words <= MAX_SOURCE_WORDS]
    train_set = train_set[:config.limit] if config.limit else train_set
    if args.stage == "subwords":
        note = train_subword_models(train_set, args.out, command)
        print(f"subword models from {len(train_set)} train pairs: wrote {note}", flush=True)
        return
    if args.model is None:
        raise SystemExit("--model is needed to train a translator (or give --stage subwords)")
    if args.card_only:
        print(f"wrote {rewrite_card(args.model, Path(args.out), path, dev_set)}")
        return
    if torch.cuda.is_available():
        torch.set_float32_matmul_precision("high")   # TF32 matmuls: training only
    torch.set_num_threads(min(torch.get_num_threads(), 4))
    device = choose_device()
    print(f"training translate-{args.model} on {describe(device)}: {len(train_set)} train pairs, "
          f"{len(dev_set)} dev pairs", flush=True)
    result = train(build_model_config(args.model, args.set), config, train_set, dev_set, device,
                   progress=not args.no_progress)
    extra = {"command": command, "training": dataclasses.asdict(config),
             "dev_bleu": round(result.dev_bleu, 2), "best_epoch": result.best_epoch,
             "history": result.history, "previous": result.previous, "warm": result.warm,
             "stopped": result.stopped, "train_pairs": result.train_pairs,
             "augmented": result.augmented,
             "device": describe(device)}
    weights = result.model.save(args.out, extra)
    card = write_translate_card(result, config, dev_set, path, describe(device), command, weights)
    print(f"dev BLEU {result.dev_bleu:.2f} (epoch {result.best_epoch}), {result.seconds:.0f}s; "
          f"wrote {weights}, {card}", flush=True)


def rewrite_card(name: str, out: Path, data_path: Path, dev_set: list[Pair]) -> Path:
    """The card again, from what the training run saved beside the weights."""
    model = Translator.load(name, out)
    _, meta = load_weights(out / f"translate-{name}")
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    config = TrainConfig(**{k: v for k, v in meta["training"].items() if k in fields})
    history = meta["history"]
    result = TrainResult(model, meta["dev_bleu"], meta["best_epoch"], history,
                         history[-1]["seconds"] if history else 0.0, meta.get("stopped", ""),
                         meta.get("train_pairs", 0), meta.get("previous"), meta.get("warm"),
                         meta.get("augmented", 0))
    weights = out / f"translate-{name}.safetensors"
    card = out / f"translate-{name}.md"                  # keep the date the card already gives:
    dated = re.search(r"Finished (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", # a checkout resets mtimes
                      card.read_text() if card.exists() else "")
    finished = (datetime.strptime(dated[1], "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
                if dated else datetime.fromtimestamp(weights.stat().st_mtime, timezone.utc))
    return write_translate_card(result, config, dev_set, data_path, meta.get("device", "CPU"),
                                meta["command"], weights, finished)


if __name__ == "__main__":   # python -m explainer.train.translate: no other task's imports (conllu)
    parser = argparse.ArgumentParser(prog="python -m explainer.train translate",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    main(parser.parse_args())
