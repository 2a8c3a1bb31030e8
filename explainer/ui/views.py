"""The views in the lecture's order: what each teaches, and the function that builds its tab."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .bptt import build_bptt_tab
from .gates import build_gates_tab
from .guide import guided
from .neurons import build_neurons_tab
from .paradigms import build_paradigms_tab
from .pos import build_pos_tab
from .tradeoffs import build_tradeoffs_tab
from .translation import build_translation_tab
from .unrolled import build_unrolled_tab


@dataclass(frozen=True)
class View:
    id: str
    title: str
    teaches: str
    build: Callable[[], None]


def lecture_views() -> list[View]:
    return guided([     # each view with its intro, questions, words and links (ui/guide.py)
        View("neurons", "Feed-forward vs recurrent",
             "fixed tensors vs sequences, stateless vs stateful: the deck's Neuron and "
             "RecurrentNeuron code as on the slides, run on the shapes you choose, each of "
             "the slides' mistakes executed and fixed.", build_neurons_tab),
        View("unrolled", "Rolled ⇄ unrolled",
             "one cell applied again and again: the rolled loop unrolls into a chain over your "
             "sentence, then the trained network reads it token by token, showing its real "
             "hidden state and predicted tag at each step.", build_unrolled_tab),
        View("bptt", "Backpropagation through time",
             "how the loss at one step reaches the steps before it: gradient norms through the "
             "trained taggers on your sentence, vanishing and exploding as you change the "
             "spectral radius and activation, clipping; the deck's tiny RNN differentiated by "
             "hand next to autograd; truncated BPTT trained live on a delay task.",
             build_bptt_tab),
        View("pos", "POS tagging",
             "the deck's running example on taggers trained on real English: the seven steps "
             "from a sentence to numbers, the hidden state per token, Elman vs LSTM.",
             build_pos_tab),
        View("paradigms", "Paradigms",
             "one-to-one, one-to-many, many-to-one, many-to-many (synced) and encoder/decoder: "
             "each drawn rolled and unrolled and run on a small model trained on real data (noun "
             "or not, Shakespeare generation, English or French, POS tags, translation).",
             build_paradigms_tab),
        View("gates", "LSTM gates",
             "input, forget, candidate and output gates, cell and hidden state of a trained "
             "LSTM tagger on your sentence, and reset, update and candidate of the translator's "
             "GRU encoder; the cell diagram played token by token with its equations and the "
             "model's own numbers.", build_gates_tab),
        View("translation", "Translation & attention",
             "the deck's English→French example on encoder/decoder models trained on Tatoeba: "
             "with Bahdanau attention vs a plain fixed-context decoder, sentence by sentence; the "
             "attention heatmap, decoding played step by step with each step's best words, the "
             "beam search's tree, and what-ifs: attention forced onto one word, a French start "
             "typed in.",
             build_translation_tab),
        View("tradeoffs", "Pros and cons, measured",
             "variable length with constant size, slower sequential compute, poor long-term "
             "dependencies, blind to future inputs: each measured now on real models.",
             build_tradeoffs_tab),
    ])
