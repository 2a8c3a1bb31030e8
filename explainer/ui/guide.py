"""The self-study path around each view: two or three plain sentences before it (what you will
see, what to notice), predict-then-reveal questions after it (guide_questions.py), the words it
uses, the model cards of its models, and links to the previous and next views.

The views are built by their own modules; `guided(views)` wraps each view's build function with
what comes before and after, so no view has to know about the path."""
from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import gradio as gr

from ..paths import ASSETS
from .guide_questions import build_questions

if TYPE_CHECKING:
    from .views import View

INTROS = {
    "neurons": "You will see the deck's two code slides, a feed-forward `Neuron` and a "
               "`RecurrentNeuron`, run for real beside a corrected copy. Notice the recurrent "
               "neuron's extra input, its own previous output (the state *h*): it changes the "
               "shapes it takes, and its answer to the same token fed twice.",
    "unrolled": "You will see one recurrent cell drawn as a loop, then unrolled into one column "
                "per token of your sentence. Notice that every column uses the same weights: "
                "from token to token only the input and the hidden state change.",
    "bptt": "You will see how much of the loss at one word reaches each earlier word when the "
            "network is trained. Notice how the gradient shrinks (vanishes) or grows (explodes) "
            "a little at every step back, and how the recurrent weights together with the "
            "activation's slope at each step decide which.",
    "pos": "You will see the deck's tagger give every word of a sentence its part of speech, and "
           "the seven steps that turn words into numbers and back. Notice the hidden state "
           "changing word by word: it lets the same word get different tags in different "
           "sentences.",
    "paradigms": "You will see the deck's five paradigms (how inputs map to outputs), each run on a "
                 "small trained model. Notice where the inputs go in and where the outputs come "
                 "out, and that an encoder/decoder's output need not be as long as its input.",
    "gates": "You will see the three gates and the candidate of a trained LSTM tagger (or the "
             "GRU's two gates and candidate) at every token of your sentence, and the state they "
             "update. Notice the forget gate: near 1 the cell "
             "keeps what it stored, near 0 it lets it go.",
    "translation": "You will see the deck's English→French example translated by two trained "
                   "encoder/decoder models, one with attention and one without. Notice in the "
                   "heatmap which English words each French word looks at.",
    "tradeoffs": "You will see the lecture's list of what recurrent networks are good and bad at, "
                 "each point measured on this server. Notice that every claim comes with a number; "
                 "the few measured offline (the delay checkpoints, EWT counts) say so.",
}

# Definitions checked against the literature: Goodfellow, Bengio & Courville, Deep Learning
# (2016), ch. 10; Pascanu, Mikolov & Bengio (2013), On the difficulty of training RNNs;
# Bahdanau, Cho & Bengio (2015); Papineni et al. (2002), BLEU.
GLOSSARY = {
    "hidden state": "The vector h<sub>t</sub> a recurrent network carries from one step to the "
                    "next: "
                    "its summary of the sequence read so far.",
    "unrolling": "Drawing (or computing) a recurrent network as a chain with one copy of the cell "
                 "per time step; every copy has the same weights.",
    "BPTT": "Backpropagation through time: ordinary backpropagation on the unrolled network. "
            "Gradients flow from later steps back to earlier ones, and a shared weight's "
            "gradient is the sum of its gradients at every step.",
    "Jacobian": "The matrix of all first partial derivatives of a vector function: for "
                "∂h<sub>t+1</sub>/∂h<sub>t</sub>, entry (i, j) is how much unit i of "
                "h<sub>t+1</sub> "
                "changes per unit change of unit j of h<sub>t</sub>.",
    "spectral radius": "The largest absolute value among a square matrix's eigenvalues. "
                       "Multiplying by the same matrix k times scales a vector, in the long run, "
                       "by about (spectral radius)^k: below 1 it shrinks towards zero, above 1 it "
                       "can grow without bound.",
    "vanishing / exploding gradients": "Each step back multiplies the gradient by that "
                                       "step's Jacobian diag(φ′(a_t))·W_hh, a matrix. If "
                                       "σ_max(W_hh)·max φ′ < 1 every step shrinks it, "
                                       "exponentially in the number of steps (vanishing); "
                                       "growing without bound (exploding) needs that product "
                                       "above 1, which is necessary but not sufficient "
                                       "(Pascanu et al., 2013).",
    "gradient clipping": "Rescaling a gradient whose norm exceeds a threshold so that its norm "
                         "equals the threshold; its direction is kept (Pascanu et al., 2013).",
    "truncated BPTT": "Backpropagating only a fixed number of steps back instead of to the start "
                      "of the sequence: cheaper, but a dependency longer than the window gets no "
                      "gradient.",
    "embedding": "A learned lookup table: row k is the vector that stands for word number k.",
    "softmax, cross-entropy": "Softmax turns scores into probabilities that sum to 1; the "
                              "cross-entropy loss is minus the log of the probability given to the "
                              "right answer.",
    "LSTM gates": "Numbers between 0 and 1 computed at every step: the forget gate scales the "
                  "old cell state, the input gate scales the candidate written into it, the "
                  "output gate scales how much of tanh(c<sub>t</sub>) is shown as h<sub>t</sub>.",
    "bidirectional RNN": "Two RNNs, one reading left to right and one right to left, their states "
                         "joined: each position then sees the whole sentence.",
    "encoder/decoder": "One network (the encoder) reads the whole input; another (the decoder) "
                       "writes the output one token at a time, starting from the encoder's "
                       "state.",
    "attention": "At each output step, a weighted average of all the encoder's states; the "
                 "weights are a softmax over input positions of scores computed from the "
                 "decoder's state and each encoder state (Bahdanau et al., 2015).",
    "greedy decoding": "Writing, at every step, the single most probable next word.",
    "beam search": "Keeping the k most probable partial outputs at every step, extending each by "
                   "every word and keeping the k best again. It usually finds more probable "
                   "sentences than greedy decoding, with no guarantee of the most probable one.",
    "BLEU": "A translation score against reference translations: the geometric mean of the "
            "1- to 4-word-sequence precisions (each n-gram counted at most as often as in a "
            "reference), times a penalty for outputs shorter than the references (Papineni et "
            "al., 2002); shown from 0 to 100.",
    "fused kernel": "One compiled routine that does several operations in a single call, e.g. "
                    "torch's LSTM computing every gate of every step of a layer. Same maths, far "
                    "fewer calls; it does not hand back intermediate values such as the gates.",
    "self-attention": "Attention of a sequence over itself: every position takes a weighted "
                      "average of all positions at once, with no step-by-step state.",
    "temperature": "In sampling, the scores are divided by the temperature before the softmax: "
                   "below 1 sharpens the distribution (safer), above 1 flattens it (more "
                   "adventurous).",
}

TERMS = {
    "neurons": ["hidden state", "embedding"],
    "unrolled": ["unrolling", "hidden state"],
    "bptt": ["BPTT", "Jacobian", "spectral radius", "vanishing / exploding gradients",
             "gradient clipping", "truncated BPTT"],
    "pos": ["embedding", "softmax, cross-entropy", "hidden state"],
    "paradigms": ["encoder/decoder", "temperature", "greedy decoding"],
    "gates": ["LSTM gates", "hidden state"],
    "translation": ["encoder/decoder", "attention", "greedy decoding", "beam search", "BLEU"],
    "tradeoffs": ["fused kernel", "self-attention", "bidirectional RNN",
                  "vanishing / exploding gradients"],
}

# the model cards (assets/<name>.md, ours) of the models each view runs, shown inside the app
CARDS = {
    "pos": ["pos-slide", "pos-elman", "pos-best"],
    "paradigms": ["isnoun", "charlm", "langid"],
    "translation": ["translate-attention", "translate-plain"],
    "tradeoffs": ["delay-elman", "delay-lstm"],
}


def open_view_js(view_id: str) -> str:
    """Open a view the way its tab does (in the browser, no request), at the top of the page:
    a click on a tab keeps the scroll position, which would land mid-page."""
    target = json.dumps(f"#tab-{view_id}-button")
    return (f"() => {{ document.querySelector({target})?.click(); "
            "window.scrollTo({top: 0, behavior: 'instant'}); }")


def glossary_html(view_id: str) -> str:
    rows = "".join(f"<dt>{term}</dt><dd>{GLOSSARY[term]}</dd>" for term in TERMS[view_id])
    return (f"<details class='guide-glossary'><summary>Words used here</summary><dl>{rows}</dl>"
            "</details>")


def card_text(name: str) -> str:
    """A model card as it ships in assets/ (our files: no visitor's text in them)."""
    return (ASSETS / f"{name}.md").read_text()


def _before(view: "View") -> None:
    gr.Markdown(INTROS[view.id], elem_classes=["guide-intro"], elem_id=f"guide-intro-{view.id}")


def _after(view: "View", previous: "View | None", following: "View | None") -> None:
    build_questions(view.id)
    if view.id in CARDS:
        with gr.Accordion("Model cards: what these models were trained on, and how well they do",
                          open=False, elem_classes=["guide-cards"]):
            for name in CARDS[view.id]:
                with gr.Accordion(name, open=False):
                    gr.Markdown(card_text(name), latex_delimiters=[])
    gr.HTML(glossary_html(view.id))
    with gr.Row(elem_classes=["guide-nav"]):
        back = gr.Button(f"← {previous.title if previous else 'Start'}", size="md",
                         elem_id=f"guide-{view.id}-previous")
        back.click(None, js=open_view_js(previous.id if previous else "start"),
                   api_visibility="private")
        if following:
            onward = gr.Button(f"{following.title} →", size="md", variant="primary",
                               elem_id=f"guide-{view.id}-next")
            onward.click(None, js=open_view_js(following.id), api_visibility="private")


def guided(views: list["View"]) -> list["View"]:
    """The views with their builds wrapped in the path: intro before, questions, cards, words
    and links after."""
    def wrap(i: int, view: "View") -> "View":
        previous = views[i - 1] if i > 0 else None
        following = views[i + 1] if i + 1 < len(views) else None

        def build() -> None:
            _before(view)
            view.build()
            _after(view, previous, following)
        return dataclasses.replace(view, build=build)
    return [wrap(i, view) for i, view in enumerate(views)]
