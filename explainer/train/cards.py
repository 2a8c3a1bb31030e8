"""Model cards: what a shipped model is, what it was trained on, how, and how well it does."""
from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path

from ..models import tagger as tagger_module

EWT_CREDIT = """\
[Universal Dependencies English Web Treebank (UD English-EWT) v2.16](https://github.com/UniversalDependencies/UD_English-EWT)
(commit 15d613d8447b3478787d4c278730a1e48a945efb), licensed
[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/). Credit: Natalia Silveira,
Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor, John Bauer and
Christopher D. Manning (2014), *A Gold Standard Dependency Corpus for English*, LREC 2014; the
English Web Treebank (LDC2012T13) it is built on; and the Universal Dependencies contributors."""

ARCHITECTURES = {
    "slide": "The deck's `POS_LSTM` (Embedding -> one unidirectional LSTM layer -> Linear, "
             "trained with cross-entropy) with one difference: the embedding of a word "
             "concatenates three, of its lowercased form, its spelling shape and its last three "
             "letters (Embedding(word + shape + suffix) -> LSTM -> Linear).",
    "elman": "As `slide`, with the Elman (tanh) cell in place of the LSTM.",
    "best": "A character BiLSTM reads each word's letters; its two final states join the "
            "word's embedding; a 2-layer bidirectional LSTM reads the sentence; Linear -> tags.",
}


def _sizes(sentences) -> str:
    return f"{len(sentences):,} sentences, {sum(len(s) for s in sentences):,} words"


def write_pos_card(result, config, train_set, dev_set, train_path: Path, dev_path: Path,
                   device: str, command: str, weights: Path) -> Path:
    model = result.model
    name = model.config.name
    parameters = sum(p.numel() for p in model.parameters())
    megabytes = weights.stat().st_size / 1e6
    history = ", ".join(f"{a:.4f}" for a in result.history)
    model_json = json.dumps(dataclasses.asdict(model.config), indent=2)
    train_json = json.dumps(dataclasses.asdict(config), indent=2)
    card = f"""# pos-{name}: part-of-speech tagger (`{name}`)

{ARCHITECTURES.get(name, "A recurrent part-of-speech tagger.")}
Code: `explainer/models/{Path(tagger_module.__file__).name}`; every recurrent part is a
`Recurrent` of the traceable cells, so the explainer can show each gate and state.
Output: one of the 17 Universal POS tags per word (column 4 of CoNLL-U).

Files: `pos-{name}.safetensors` ({parameters:,} parameters, {megabytes:.1f} MB, float32),
`pos-{name}.json` (model and training configuration), `pos-{name}.vocab.json` (word, shape,
suffix, character and tag vocabularies). `Tagger.load("{name}")` rebuilds the model from them.

## Data and licence

Trained on {EWT_CREDIT}

- train: `{train_path.name}`, {_sizes(train_set)}
- dev (model selection only: best epoch, early stopping, learning-rate decay):
  `{dev_path.name}`, {_sizes(dev_set)}

The weights and vocabularies are derived from the treebank and are shared under the same
licence, CC BY-SA 4.0, with the attribution above. The treebank itself is not included.

## Training

```
{command}
```

Device: {device}. Training time: {result.seconds / 60:.1f} min ({result.seconds:.0f} s,
data loading excluded). Finished {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.
GPU runs use cuDNN kernels, which are not bit-for-bit deterministic: a rerun with the same
seed lands close to, not exactly on, these numbers.

Model configuration:

```json
{model_json}
```

Training configuration (Adam; unknown-word dropout p = a / (a + count)):

```json
{train_json}
```

## Results

Dev accuracy of the kept epoch ({result.best_epoch}): **{result.dev_accuracy:.4f}**
(UPOS, every word of the dev file).

Dev accuracy after each epoch (the first before training): {history}

Epochs run: {len(result.history) - 1}; stopped: {result.stopped}.
"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path
