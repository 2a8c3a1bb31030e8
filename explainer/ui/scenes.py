"""The lecture as scenes, and what a link may set: one data structure, read by ui/links.py.

A scene is one moment of the deck (`../shared/deck/rnn-lecture-deck.txt`), in its order: a view
(a tab id), the inputs to preset there, the one thing to look at (a sentence, and the element of
the view it points at), and optionally a question for the room. The views stay as they are: a
scene only sets their inputs, through the same events a click would run.

PARAMS says, per view, which inputs a link (/?view=<id>&<name>=<value>...) sets: every input a
person can set there, save the few in EXCLUDED (with the reason). Each has its name in the URL,
the component's elem_id, and for a choice the words a person types in a URL (decoding=beam for a
beam of 5). EVENTS says which of a view's events compute its result from which parameters (their
api_name): the ones a link or a scene runs, as a click would.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..data.examples import DECK_SENTENCE, UNGRAMMATICAL


@dataclass(frozen=True)
class Param:
    name: str                                # in the URL
    elem_id: str                             # the component that receives the value
    words: tuple[tuple[str, object], ...] = ()   # URL word -> the component's value
    # read after the view's other events ran, against the range they set (a slider over the
    # sentence's tokens, a picker of its words): the sentence first, then the token
    after: bool = False
    shift: int = 0       # URL number = the component's value + shift (a word picker counts from 0)
    tab: tuple[str, str] = ()    # (a gr.Tabs' elem_id, its tab's id): given, opens that tab


@dataclass(frozen=True)
class Event:
    api_name: str                            # the view's event that computes from ...
    by: tuple[str, ...]                      # ... these parameters: it runs when one is given


@dataclass(frozen=True)
class Scene:
    name: str                                # /?scene=<name> (or its number, from 1)
    title: str                               # the scene bar: "5 / 23 <title>"
    view: str                                # a tab id ("start" or a View.id)
    look: str                                # the one thing to look at, one sentence
    figure: str     # what `look` points at: an elem_id, optionally followed by a CSS selector
                    # inside it ("pos-steps details.step:nth-of-type(4)")
    inputs: dict = field(default_factory=dict)   # Param.name -> value, as a URL would give it
    question: str = ""


PARADIGMS = ("one-to-one", "one-to-many", "many-to-one", "many-to-many", "encoder-decoder")

# Every input a person can set in a view, by its URL name. The few a link cannot set are in
# EXCLUDED, with the reason; tests/ui/test_links.py fails on an input that is in neither.
PARAMS: dict[str, tuple[Param, ...]] = {
    "neurons": (Param("L", "shape-L"), Param("N", "shape-N"),
                Param("input_size", "shape-input_size"), Param("output_size", "shape-output_size"),
                Param("repeats", "stateful-repeats"), Param("seed", "stateful-seed")),
    "unrolled": (Param("text", "unrolled-text"), Param("cell", "unrolled-model")),
    "bptt": (Param("text", "bptt-text"), Param("cell", "bptt-cell"),
             Param("rescale", "bptt-rescale"), Param("radius", "bptt-radius"),
             Param("activation", "bptt-activation"), Param("clip", "bptt-clip-on"),
             Param("max_norm", "bptt-clip"), Param("target", "bptt-target"),
             Param("loss_token", "bptt-loss-token", after=True),
             # 2. the deck's tiny RNN: scalar, then vector
             Param("xs", "bptt-xs"), Param("v_x", "bptt-v_x"), Param("v_h", "bptt-v_h"),
             Param("b", "bptt-b"), Param("y", "bptt-y"), Param("phi", "bptt-scalar-act"),
             *(Param(name, elem_id, tab=("bptt-math-tabs", "bptt-vector")) for name, elem_id in (
                 ("T", "bptt-steps"), ("vector_seed", "bptt-seed"),
                 ("vector_rescale", "bptt-vec-rescale"), ("vector_radius", "bptt-vec-radius"),
                 ("vector_phi", "bptt-vector-act"))),
             # 3. truncated BPTT: where the chunks cut (training runs on its button only)
             Param("delay", "bptt-delay"), Param("k", "bptt-k")),
    "pos": (Param("text", "pos-text"), Param("tagger", "pos-model"),
            Param("word", "pos-token", after=True, shift=1)),
    "paradigms": (Param("paradigm", "paradigm-tabs", tuple((p, p) for p in PARADIGMS)),
                  Param("words", "p11-words"),
                  Param("seed_char", "p1n-seed"), Param("length", "p1n-length"),
                  Param("temperature", "p1n-temperature"),
                  Param("sample_seed", "p1n-sample-seed"),
                  Param("language_text", "pn1-text"),
                  Param("tag_text", "pnn-text"), Param("translate_text", "ped-text")),
    "gates": (Param("text", "gates-text"), Param("lstm", "gates-model"),
              Param("token", "gates-token", after=True), Param("unit", "gates-unit", after=True)),
    "translation": (Param("text", "translation-text"),
                    Param("decoding", "translation-beam", (("greedy", 1), ("beam", 5))),
                    Param("sentence", "translation-sentence"),
                    Param("pieces", "translation-pieces"),
                    # the what-ifs: forced attention (step, English word), a forced start
                    Param("force_step", "translation-force-step"),
                    Param("force_word", "translation-force-word"),
                    Param("prefix", "translation-prefix")),
    "tradeoffs": (Param("longest", "size-longest"),
                  Param("checkpoint", "delay-step"), Param("sequences", "delay-count"),
                  Param("delay_seed", "delay-seed"),
                  Param("text", "future-text")),
}

# The events that compute a view's result, in the order a link runs them, and the parameters
# that run each (an event runs when one of them is given; its other inputs keep their values).
EVENTS: dict[str, tuple[Event, ...]] = {
    "neurons": (Event("neuron_shapes", ("L", "N", "input_size", "output_size")),
                Event("stateful", ("repeats", "seed"))),
    "unrolled": (Event("unrolled", ("text", "cell")),),
    "bptt": (Event("bptt", ("text", "cell", "rescale", "radius", "activation", "clip",
                            "max_norm", "target")),
             Event("bptt_activation", ("cell",)),
             Event("bptt_from", ("loss_token",)),
             Event("bptt_math_scalar", ("xs", "v_x", "v_h", "b", "y", "phi")),
             Event("bptt_math_vector", ("T", "vector_seed", "vector_rescale", "vector_radius",
                                        "vector_phi")),
             Event("bptt_cuts", ("delay", "k"))),
    "pos": (Event("pos_tag", ("text", "tagger")),
            Event("pos_select_token", ("word",))),
    "paradigms": (Event("paradigm_isnoun", ("words",)),
                  Event("paradigm_generate", ("seed_char", "length", "temperature",
                                              "sample_seed")),
                  Event("paradigm_langid", ("language_text",)),
                  Event("paradigm_tag", ("tag_text",)),
                  Event("paradigm_translate", ("translate_text",))),
    "gates": (Event("gates", ("text", "lstm")),
              Event("gates_token", ("token",)),
              Event("gates_unit", ("unit",))),
    "translation": (Event("translate", ("text", "decoding", "sentence", "pieces")),
                    Event("translate_force_attention", ("force_step", "force_word")),
                    Event("translate_prefix", ("prefix",))),
    "tradeoffs": (Event("tradeoffs_sizes", ("longest",)),
                  Event("tradeoffs_delay", ("checkpoint", "sequences", "delay_seed")),
                  Event("tradeoffs_future", ("text",))),
}

# Inputs a link does not set, by elem_id (a pattern with *), or by kind, and why.
EXCLUDED: dict[str, str] = {
    "guide-*": "a self-study question's own inputs (the student's prediction, and what they try "
               "before the reveal): revealed only on the student's click, never by a link",
    "class-file": "an upload: a file stays on the computer that chose it; a link cannot carry it",
    "class-epochs": "trains the class's model on an uploaded file, on its button only",
    "class-text": "tagged with the model the class trained in this session, which no link holds",
    "speed-repeats": "a timing run (one at a time on the server, on its button): a link opened "
                     "by a whole class would queue a run per student; the page shows the "
                     "server's first measurement",
}
EXCLUDED_KINDS: dict[str, str] = {
    "Dataset": "an example list: a click fills the text box, whose value a link sets",
}

# the deck, slide by slide (its recap of CNNs and the dataset requests have no view)
SCENES: tuple[Scene, ...] = (
    Scene("outline", "Outline", "start",
          "The lecture's path: each view below is one part of the deck, in its order.",
          "tab-start"),
    Scene("conventional", "Conventional vs recurrent", "neurons",
          "Same token in, same output out for the linear neuron; the recurrent one changes "
          "its answer while its state fills up.", "stateful-plot",
          {"repeats": 8, "seed": 0},
          "When might you want different outputs on the same input?"),
    Scene("translation-example", "Motivating example: text translation", "translation",
          "The French (les chats violets) has another length and word order; a rarely seen word "
          "such as “purple” is read as pieces.",
          "translation-result", {"text": DECK_SENTENCE, "decoding": "greedy"}),
    Scene("neuron-code", "Linear vs (Elman) recurrent neurons", "neurons",
          "Fill the slide's blanks: the shapes the two neurons really returned.",
          "shape-result", {"L": 7, "N": 2, "input_size": 3, "output_size": 4},
          "RecurrentNeuron(3, 4) on 7 steps of a batch of 2: input shape ___, output shape ___?"),
    Scene("unrolled", "Unrolled visualization", "unrolled",
          "One cell, the same weights, applied once per token: play it and watch h_t.",
          "unrolled-player", {"text": DECK_SENTENCE, "cell": "elman"}),
    Scene("bptt", "Backpropagation through time", "bptt",
          "The loss at the last token reaches earlier tokens through W_hh: the gradient's norm "
          "shrinks as it goes back.", "bptt-norms",
          {"cell": "elman", "rescale": False}),
    Scene("bptt-exploding", "BPTT: exploding gradients", "bptt",
          "W_hh rescaled to spectral radius 3 and tanh swapped for the identity: the gradient "
          "now grows as it goes back.",
          "bptt-norms", {"cell": "elman", "rescale": True, "radius": 3.0, "activation": "identity"},
          "What would clipping the gradient's norm change, and what would it not?"),
    Scene("bptt-math", "Some BPTT math", "bptt",
          "The deck's tiny RNN differentiated by hand, next to autograd: the same numbers.",
          "bptt-scalar-backward"),
    Scene("one-to-one", "Paradigm: one to one (RNN unneeded)", "paradigms",
          "One word in, one answer out: no recurrence, no state.", "p11-diagram",
          {"paradigm": "one-to-one"}),
    Scene("one-to-many", "Paradigm: one to many", "paradigms",
          "One seed character in, a whole sequence out, each output fed back as the next input.",
          "p1n-diagram", {"paradigm": "one-to-many"}),
    Scene("many-to-one", "Paradigm: many to one", "paradigms",
          "A whole sentence in, one answer at the end: English or French.", "pn1-diagram",
          {"paradigm": "many-to-one"}),
    Scene("many-to-many", "Paradigm: many to many (synced)", "paradigms",
          "One output per input, in step: a tag for every word.", "pnn-diagram",
          {"paradigm": "many-to-many"}),
    Scene("encoder-decoder", "Paradigm: many to many (encoder/decoder)", "paradigms",
          "Read the whole sentence first, then write a sentence whose length the decoder "
          "chooses (it stops at its end mark).",
          "ped-diagram", {"paradigm": "encoder-decoder"}),
    Scene("i-is-a-teeth", "Parts of speech: “I is a teeth”", "pos",
          "An ungrammatical sentence still gets a tag per word: look at 'teeth'.",
          "pos-tagged", {"text": UNGRAMMATICAL, "tagger": "slide"},
          "Which tag will the tagger give 'teeth'?"),
    Scene("text-to-numbers", "From text to numbers: steps 1–4", "pos",
          "Each word's index picks its row of the embedding table: the numbers the LSTM reads.",
          "pos-steps details.step:nth-of-type(4)", {"text": UNGRAMMATICAL, "tagger": "slide"}),
    Scene("numbers-to-tags", "From numbers to tags: steps 5–7", "pos",
          "h_t per word, a score per tag, then softmax: the most probable tag wins.",
          "pos-steps details.step:nth-of-type(7)", {"text": UNGRAMMATICAL, "tagger": "slide"}),
    Scene("hidden-state", "The hidden state, token by token", "pos",
          "Each column is h_t after one more word: the state carries the sentence so far.",
          "pos-heatmap", {"text": DECK_SENTENCE, "tagger": "slide"}),
    Scene("lstm", "LSTMs", "gates",
          "One LSTM unit, token by token: the forget gate decides what the cell keeps.",
          "gates-cell", {"text": DECK_SENTENCE, "lstm": "slide:0:0"},
          "Which word will the forget gate drop?"),
    Scene("lstm-gates", "LSTM gates on every unit", "gates",
          "Gate values per token: near 0 closes, near 1 lets through.", "gates-heatmaps",
          {"text": DECK_SENTENCE, "lstm": "slide:0:0"}),
    Scene("advantages", "Advantages: any length, constant size", "tradeoffs",
          "Longer sentences, same number of weights.", "size-plot"),
    Scene("slower", "Disadvantage: slower to compute", "tradeoffs",
          "Step t waits for step t−1: time grows with the length.", "speed-plot"),
    Scene("long-term", "Disadvantage: poor long-term dependencies", "tradeoffs",
          "Move the checkpoint: the LSTM gets every delay right after far fewer training steps "
          "than the Elman network.", "delay-plot"),
    Scene("future", "Disadvantage: blind to future inputs", "tradeoffs",
          "Left to right only, the tagger must guess before it sees the next words.",
          "future-tags", {"text": "Time flies like an arrow."}),
    Scene("attention", "Attention (Bahdanau et al., 2015)", "translation",
          "Each French word looks back at the English words: the bright cells.",
          "translation-heatmap", {"text": "She has a red car.", "decoding": "beam"},
          "Which English word does 'rouge' look at?"),
    Scene("summary", "Summary", "start",
          "RNNs keep an internal state: useful when data comes in order.", "tab-start"),
)


def scene_index(value: str) -> int | None:
    """The index of the scene a URL names by number (from 1) or by name, or None."""
    value = value.strip().lower()
    if value.isdigit():
        number = int(value)
        return number - 1 if 1 <= number <= len(SCENES) else None
    return next((i for i, scene in enumerate(SCENES) if scene.name == value), None)


def param(view: str, name: str) -> Param | None:
    return next((p for p in PARAMS.get(view, ()) if p.name == name), None)
