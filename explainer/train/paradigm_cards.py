"""Model cards of the paradigm gallery's mini-models: data, licence, command, scores."""
from __future__ import annotations

import dataclasses
import json
import math
import platform
from datetime import datetime, timezone
from pathlib import Path

SHAKESPEARE_CREDIT = """\
*tiny Shakespeare* (`input.txt`, 1,115,394 characters): the works of William Shakespeare as
collected for Andrej Karpathy's [char-rnn](https://github.com/karpathy/char-rnn). The plays are
in the **public domain**."""

TATOEBA_CREDIT = """\
Sentences from [Tatoeba](https://tatoeba.org), in the English–French pairs file `eng-fra.txt`
released by [manythings.org/anki](https://www.manythings.org/anki/) (2017-09-29). Licence:
[CC BY 2.0 FR](https://creativecommons.org/licenses/by/2.0/fr/). Credit: the Tatoeba project and
its contributors (tatoeba.org), and manythings.org for the pairs file."""


def _parameters(model) -> int:
    return sum(p.numel() for p in model.parameters())


def _machine() -> str:
    return f"CPU ({platform.machine()}, the shared 2-core development machine)"


def _json(obj) -> str:
    return json.dumps(dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj, indent=2)


def _header(name: str, title: str, weights: Path, model, code: str) -> str:
    return (f"# {name}: {title}\n\n"
            f"Code: `{code}`. Files: `{name}.safetensors` ({_parameters(model):,} parameters, "
            f"{weights.stat().st_size / 1e6:.2f} MB, float32) and `{name}.json` (model and "
            f"training configuration; also inside the safetensors metadata).\n")


def _training(command: str, seconds: float, config) -> str:
    return f"""## Training

```
{command}
```

Device: {_machine()}. Training time: {seconds / 60:.1f} min ({seconds:.0f} s, data loading
excluded). Finished {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Seeded (`torch.manual_seed`); training
stops on a time budget, so the number of steps depends on the machine's load and a rerun lands
close to, not exactly on, these numbers.

Training configuration:

```json
{_json(config)}
```
"""


def write_charlm_card(result, config, data: Path, n_train: int, n_dev: int, command: str,
                      weights: Path) -> Path:
    model = result.model
    bits = result.dev_loss / math.log(2)
    rows = "\n".join(f"| {h['step']} | {h.get('train_loss', '')} | {h['dev_loss']} | "
                     f"{h['dev_loss'] / math.log(2):.3f} | {h['seconds']} |"
                     for h in result.history)
    card = _header(weights.stem, "character-level LSTM language model (one-to-many)", weights,
                   model, "explainer/models/charlm.py") + f"""
Embedding ({model.config.embedding_dim}) → one LSTM layer ({model.config.hidden_size} units, the
traceable cell of `explainer/models/cells.py`) → Linear → softmax over the
{model.config.n_chars} characters of the text. It predicts the next character; the app samples
from it one character at a time, starting from a single seed character (one input, many
outputs), with a temperature. `CharLM.load()` rebuilds it.

## Data and licence

Trained on {SHAKESPEARE_CREDIT} The weights are released with this project. The text is not
included.

- train: the first 90% of `{data.name}`, {n_train:,} characters
- dev (model selection only: the best of the periodic scores is kept): the last 10%,
  {n_dev:,} characters

{_training(command, result.seconds, config)}
Model configuration:

```json
{_json(model.config)}
```

## Results

Dev cross-entropy of the kept step ({result.best_step} of {result.steps}):
**{result.dev_loss:.4f} nats per character = {bits:.3f} bits per character** (the whole dev
text, read in windows of 256 characters from a zero state). For scale: a uniform guess over the
alphabet is {math.log2(model.config.n_chars):.2f} bits per character.

| step | train loss (batch) | dev loss (nats/char) | dev bits/char | seconds |
|---|---|---|---|---|
{rows}
"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path


def write_langid_card(result, config, data: Path, train_counts, dev_set, per_language,
                      by_length, command: str, weights: Path) -> Path:
    model = result.model
    c = model.config
    dev_counts = {name: n for name, (_, n) in per_language.items()}
    per = "\n".join(f"| {name} | {acc:.4f} | {n:,} |" for name, (acc, n) in per_language.items())
    baseline = max(dev_counts.values()) / sum(dev_counts.values())
    lengths = "\n".join(f"| {name} | {acc:.4f} | {n:,} |" for name, (acc, n) in by_length.items())
    rows = "\n".join(f"| {h['epoch']} | {h.get('batches', '')} | {h.get('train_loss', '')} | "
                     f"{h['dev_accuracy']:.4f} | {h['seconds']} |" for h in result.history)
    card = _header(weights.stem, "English or French? A character GRU (many-to-one)", weights,
                   model, "explainer/models/langid.py") + f"""
Embedding ({c.embedding_dim}) → one GRU layer ({c.hidden_size} units, the traceable cell of
`explainer/models/cells.py`) → Linear → softmax over (English, French), read off the state after
the LAST character only: many characters in, one answer out. Text is normalised first (lower
case, one kind of space and apostrophe, no space before `! ? ; :` — French typography puts one
there, a shortcut the model should not learn). Characters seen fewer than
{config.min_char_count} times in training read as `<unk>`. `LangID.load()` rebuilds it.

## Data and licence

Trained on {TATOEBA_CREDIT} The weights are shared under the same licence, with the same
credit. The sentences are not included.

A pair goes to dev when the CRC-32 of its English side is 0 mod 20 (5% of the pairs), so no
sentence and its translation are split across train and dev; each side then keeps its distinct
sentences of at most {config.max_chars} characters after normalisation.

- train: {train_counts[0]:,} English and {train_counts[1]:,} French sentences
- dev (model selection only: the best epoch is kept): {dev_counts.get('English', 0):,} English
  and {dev_counts.get('French', 0):,} French sentences

{_training(command, result.seconds, config)}
Model configuration (`alphabet` is the character vocabulary):

```json
{_json(c)}
```

## Results

Dev accuracy of the kept epoch ({result.best_epoch}): **{result.dev_accuracy:.4f}**
({len(dev_set):,} dev sentences, one answer each, from the last state).

| language | dev accuracy | dev sentences |
|---|---|---|
{per}

| epoch | batches (of {config.batch_size}; the time budget can cut the last epoch) | train loss (last batch) | dev accuracy | seconds |
|---|---|---|---|---|
{rows}

Always answering the more frequent language ({max(dev_counts, key=dev_counts.get)}) would score
{baseline:.4f}.
Dev accuracy by sentence length (characters after normalisation):

| length | dev accuracy | dev sentences |
|---|---|---|
{lengths}
"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path


def write_isnoun_card(result, config, train_path: Path, dev_path: Path, train_set, unseen,
                      all_dev, all_dev_accuracy: float, command: str, weights: Path) -> Path:
    from .cards import EWT_CREDIT
    model = result.model
    c = model.config

    def share(examples) -> float:
        return sum(y for _, y in examples) / len(examples)

    def majority(examples) -> str:
        return "noun" if share(examples) >= 0.5 else "not a noun"

    rows = "\n".join(f"| {h['epoch']} | {h.get('train_accuracy', '')} | {h['dev_accuracy']:.4f} |"
                     for h in result.history)
    card = _header(weights.stem, "is this word a noun? A feed-forward classifier (one-to-one)",
                   weights, model, "explainer/models/isnoun.py") + f"""
One word in, one answer out, no sequence and no state: the spelling features of the word
(last 1–4 letters, first 2–3 letters, shape such as `Xx` or `d.d`, length, capital) as a
multi-hot vector of {c.n_features:,} features → Linear → ReLU ({c.hidden_size} units) → Linear →
softmax over (not a noun, noun). "Noun" means: the word form's most frequent UPOS tag in the
treebank is NOUN or PROPN. It sees the word alone, so an ambiguous word ("book", "flies") gets
one answer whatever the sentence. `IsNoun.load()` rebuilds it.

## Data and licence

Trained on {EWT_CREDIT}

The weights and the feature vocabulary (`features` in `{weights.stem}.json`, spelling fragments
of the training words) are derived from the treebank and shared under the same licence,
CC BY-SA 4.0, with the attribution above. The treebank itself is not included.

- train: the {len(train_set):,} distinct word forms of `{train_path.name}`
  ({share(train_set):.1%} nouns)
- dev (model selection only: the best epoch is kept): the {len(unseen):,} word forms of
  `{dev_path.name}` that never occur in train ({share(unseen):.1%} nouns)

{_training(command, result.seconds, config)}
Model configuration (`features` is the feature vocabulary):

```json
{json.dumps({**dataclasses.asdict(c), "features": f"[{c.n_features} strings]"}, indent=2)}
```

## Results

Dev accuracy on word forms never seen in training, kept epoch ({result.best_epoch}):
**{result.dev_accuracy:.4f}** (always answering the majority class,
"{majority(unseen)}", would score {max(share(unseen), 1 - share(unseen)):.4f}).
On all {len(all_dev):,} dev word forms: {all_dev_accuracy:.4f} (always "{majority(all_dev)}":
{max(share(all_dev), 1 - share(all_dev)):.4f}).

| epoch | train accuracy | dev accuracy (unseen words) |
|---|---|---|
{rows}
"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path


def write_delay_card(result, config, dev_delays, command: str, weights: Path) -> Path:
    model = result.model
    c = model.config
    header = " | ".join(str(d) for d in dev_delays)
    rows = "\n".join(f"| {h['step']} | " + " | ".join(f"{s:.2f}" for s in h["dev"]) +
                     f" | {h['seconds']} |" for h in result.history)
    parameters = sum(p.numel() for p in model.at(model.steps[0]).parameters())
    card = _header(weights.stem, f"the delay task, {c.cell} cell (a long-term dependency)",
                   weights, model, "explainer/models/delay.py") + f"""
Reads `[s, n_1 … n_d, ?]` one-hot, one symbol a step: `s` ∈ A B C D is what to remember, the
`n_i` ∈ w x y z are noise, and at `?` it must answer `s` (chance: 25%). One {c.cell} layer of
{c.hidden_size} units (the traceable cell of `explainer/models/cells.py`) → Linear → softmax over
A B C D, read at the last step only: {parameters:,} parameters. Its twin (`delay-elman` /
`delay-lstm`) has the same number of units, data, seed and number of steps, but not the same
number of parameters (an LSTM unit has four sets of weights, an Elman unit one); only the cell
differs. The file holds the network after each of
{", ".join(str(s) for s in model.steps)} training steps (`DelayCheckpoints.load("{c.cell}")`,
then `.at(step)`); the app scores every checkpoint live on fresh sequences
(`explainer.models.delay.accuracy_by_delay`).

## Data and licence

Synthetic sequences drawn by `explainer.models.delay.make_batch` (no corpus): each training step
is a batch of {config.batch_size} sequences at one delay drawn uniformly from 1 to
{c.max_delay}. The weights are released with the project (no third-party data).

{_training(command, result.seconds, config)}
Model configuration:

```json
{_json(c)}
```

## Results

Dev accuracy per delay d (256 fixed sequences per delay, drawn with a seed of their own), at
each kept checkpoint. No model selection: every checkpoint is kept as trained.

| step | {header} | seconds |
|---|{"---|" * len(dev_delays)}---|
{rows}
"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path
