"""The model card of a translator: what it is, its data and licence, how it was trained, scores."""
from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path

from ..data.pairs import MAX_SOURCE_WORDS, MAX_TARGET_TOKENS
from ..data.splits import DEV_PER_MILLE
from ..data.subwords import MODEL_FILES

TATOEBA_CREDIT = """\
English-French sentence pairs from the [Tatoeba Project](https://tatoeba.org) as released by
[manythings.org/anki](https://www.manythings.org/anki/) ("fra-eng", 2017-09-29 release,
`eng-fra.txt`), licensed [CC BY 2.0 FR](https://creativecommons.org/licenses/by/2.0/fr/).
Attribution: www.manythings.org/anki and tatoeba.org (their contributors wrote and translated
every sentence)."""

ARCHITECTURES = {
    "attention": "Bahdanau et al. (ICLR 2015) attention: a bidirectional GRU encoder; a GRU "
                 "decoder that, before each output word, scores every encoder state with "
                 "v^T tanh(W s_{t-1} + U h_j), softmaxes the scores over the real source tokens "
                 "and reads their weighted sum (the context).",
    "plain": "The fixed-context encoder-decoder (Cho et al. 2014): the same bidirectional GRU "
             "encoder and GRU decoder, but the decoder sees only the encoder's final states, "
             "the same vector at every step: the bottleneck attention removes.",
}


def _previous_section(previous: dict | None, depth: int = 0) -> str:
    """Where training continued an earlier run (`--init`): that run's command and epochs, and how
    that run itself started (a warm start, or a run before it), back to the first."""
    if not previous:
        return ""
    rows = "\n".join(f"| {h['epoch']} | {h['train_loss']:.3f} | {h['dev_bleu']:.2f} | "
                     f"{h['seconds']} |" for h in previous.get("history") or [])
    lead = ("The command above" if depth == 0 else "That run, in turn,")
    facts = "".join(f" {label}: {previous[key]}." for key, label in
                    (("device", "Device"), ("stopped", "Stopped")) if previous.get(key))
    return f"""
### Continued from an earlier run{"" if depth == 0 else f" ({depth + 1} back)"}

{lead} started from the weights and vocabularies of this earlier run (its best
epoch, dev BLEU {previous.get('dev_bleu')}); the Adam state started afresh.{facts}

```
{previous.get('command') or '(command not recorded)'}
```

| epoch | train loss | dev BLEU | seconds |
|---|---|---|---|
{rows}
{_warm_section(previous.get("warm"), "That earlier run's first weights", " of that earlier run")}\
{_previous_section(previous.get("previous"), depth + 1)}"""


def _warm_section(warm: dict | None, whose: str = "The first weights", of: str = "") -> str:
    """Where training started from a word-level translator (`--warm`): what was copied."""
    if not warm:
        return ""
    rows = "\n".join(f"- `{key}`: {value} rows" for key, value in sorted(warm["rows"].items()))
    return f"""
### Warm start{of}

{whose} came from the word-level translator of the same name and size, trained on
the same train split (dev BLEU {warm.get('dev_bleu')}; `explainer/train/translate_warm.py`), from
{warm['from']}:
its {warm['tensors']} vocabulary-free tensors (encoder and decoder GRUs, attention, W_init, W_o)
as they were, and the embedding row of every piece whose text is one of its words:
{rows}
Every other piece (fragments such as "ple", bytes) started from a fresh random row. Training
then ran on the pieces as from scratch: same loss, same data, a fresh Adam state.
"""


def _subwords_section(folder: str, beside: Path | None = None) -> str:
    """The first stage: how the shared subword models were made (translate-subwords.json, in the
    run's subword folder or, once the files are shipped, beside the weights)."""
    note_path = Path(folder) / "translate-subwords.json"
    if not note_path.exists() and beside is not None:
        note_path = beside / "translate-subwords.json"
    if not note_path.exists():
        return "The subword models' training note (translate-subwords.json) was not found.\n"
    note = json.loads(note_path.read_text())
    sizes = note["vocab_sizes"]
    return f"""Stage 1, the subword models (SentencePiece unigram, byte fallback, digits split; both
translators share them), trained on the English and the French of the {note['pairs']:,} train
pairs in {note['seconds']:.0f} s, {sizes['source']:,} English and {sizes['target']:,} French
pieces (specials and the 256 bytes included):

```
{note['command']}
```

Stage 2, this translator:
"""


def _augmented_line(augmented: int) -> str:
    if not augmented:
        return ""
    return (f"\n- and {augmented:,} copies of train pairs with their Tom, Mary, Boston or numbers"
            "\n  swapped for other names, cities and numbers, the same on both sides (`--augment`,"
            "\n  explainer/data/augment.py); the vocabulary's counts include them")


def write_translate_card(result, config, dev_set, data_path: Path, device: str, command: str,
                         weights: Path, finished: datetime | None = None) -> Path:
    model = result.model
    name = model.config.name
    parameters = sum(p.numel() for p in model.parameters())
    megabytes = weights.stat().st_size / 1e6
    history = "\n".join(f"| {h['epoch']} | {h['train_loss']:.3f} | {h['dev_bleu']:.2f} | "
                        f"{h['seconds']} |" for h in result.history)
    model_json = json.dumps(dataclasses.asdict(model.config), indent=2)
    train_json = json.dumps(dataclasses.asdict(config), indent=2)
    limit = getattr(config, "dev_limit", 0)
    selection, scope = "", "the whole dev split"
    if limit and limit < len(dev_set):
        selection = (f";\n  epochs are picked on {limit:,} of them, spread evenly over the split "
                     "(`--dev-limit`)")
        scope = f"{limit:,} dev pairs spread over the split"
    finished = finished or datetime.now(timezone.utc)
    card = f"""# translate-{name}: English -> French ({name})

{ARCHITECTURES.get(name, "A recurrent encoder-decoder translator.")}
Code: `explainer/models/translator.py` (model), `explainer/models/decoding.py`
(greedy, beam search, the step-by-step trace). Every recurrent part is built from the traceable
cells, so the explainer can show each gate, state and attention weight.

Files: `translate-{name}.safetensors` ({parameters:,} parameters, {megabytes:.1f} MB, float32),
`translate-{name}.json` (model and training configuration), `translate-{name}.vocab.json`
(English and French subword pieces with <pad>/<unk>/<s>/</s>, and how often the training pairs
use each piece), and the subword models both translators share, `{MODEL_FILES['source']}` and
`{MODEL_FILES['target']}` (explainer/data/subwords.py). `Translator.load("{name}")` rebuilds
the model from them.

## Data and licence

Trained on {TATOEBA_CREDIT}

- file: `{data_path.name}`; split by a hash of the English sentence ({DEV_PER_MILLE / 10:g} % of
  English sentences to dev, all their translations with them): see `explainer/data/pairs.py`
- train: {result.train_pairs:,} pairs (English of at most {MAX_SOURCE_WORDS} words, French of at
  most {MAX_TARGET_TOKENS} pieces){_augmented_line(getattr(result, "augmented", 0))}
- dev (model selection only: best epoch, learning-rate decay): {len(dev_set):,} pairs, all lengths{selection}

The weights and vocabularies are derived from the Tatoeba sentences and are shared under the
same licence, CC BY 2.0 FR, with the attribution above. The corpus itself is not included.

## Training

{_subwords_section(config.subwords, weights.parent)}
```
{command}
```

Device: {device}. Training time: {round(result.seconds) / 60:.1f} min
({round(result.seconds)} s, data loading and tokenising excluded).
Finished {finished:%Y-%m-%d %H:%M} UTC.
Teacher forcing, cross-entropy with label smoothing, Adam, gradient-norm clipping; the learning
rate halves after an epoch without a better dev BLEU. GPU runs are not bit-for-bit
deterministic: a rerun with the same seed lands close to, not exactly on, these numbers.

Model configuration:

```json
{model_json}
```

Training configuration:

```json
{train_json}
```

## Results at training time

Dev BLEU of the kept epoch ({result.best_epoch}): **{result.dev_bleu:.2f}** (sacreBLEU defaults,
greedy decoding, {scope}, all lengths). Stopped: {result.stopped}.

| epoch | train loss | dev BLEU | seconds |
|---|---|---|---|
{history}
{_warm_section(getattr(result, "warm", None))}{_previous_section(result.previous)}"""
    path = weights.with_suffix(".md")
    path.write_text(card)
    return path
