"""What a computation hands to the pictures: frozen dataclasses of plain numpy arrays and labels.

A trace is detached, on the CPU, and knows nothing of Plotly or Gradio; the figure builders in
explainer.figures read only these. Shapes are given per field.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ShapeTrace:
    """Shapes seen by running both slide neurons on random inputs of the chosen sizes."""
    L: int                                  # sequence length
    N: int                                  # batch size
    input_size: int
    output_size: int
    linear_input: tuple[int, ...]           # (N, input_size)
    linear_output: tuple[int, ...]          # (N, output_size)
    recurrent_input: tuple[int, ...]        # (L, N, input_size)
    recurrent_outputs: tuple[int, ...]      # (L, N, output_size)
    recurrent_state: tuple[int, ...]        # (N, output_size)
    device: str


@dataclass(frozen=True)
class StatefulTrace:
    """The same token fed `repeats` times to an untrained linear and recurrent neuron."""
    token: np.ndarray                       # (input_size,)
    linear_outputs: np.ndarray              # (repeats, output_size)
    recurrent_outputs: np.ndarray           # (repeats, output_size)
    seed: int                               # of the untrained, random weights
    device: str

    @property
    def repeats(self) -> int:
        return self.linear_outputs.shape[0]


@dataclass(frozen=True)
class TaggingTrace:
    """One sentence through a trained tagger, step by step (T tokens, H hidden units)."""
    model: str                              # "slide" | "elman" | "best" | a class model
    cell: str                               # "lstm" | "elman" | ...
    tokens: tuple[str, ...]                 # (T,) as tokenized
    word_ids: np.ndarray                    # (T,) int, index in the word vocabulary
    unknown: np.ndarray                     # (T,) bool, word not in the vocabulary (<unk>)
    tag_names: tuple[str, ...]              # (n_tags,) the tag vocabulary, index order
    word_vectors: np.ndarray                # (T, word_dim) rows of the embedding table
    input_size: int                         # size of e_t (word vector plus any extra features)
    hidden: np.ndarray                      # (T, H) the RNN's output per token (last layer)
    logits: np.ndarray                      # (T, n_tags) the linear layer's output
    probs: np.ndarray                       # (T, n_tags) softmax(logits)
    trajectory: np.ndarray                  # (T, 2) hidden states in the reference PCA plane
    device: str
    seconds: float                          # time of the traced forward pass

    @property
    def predicted(self) -> tuple[str, ...]:
        return tuple(self.tag_names[i] for i in self.probs.argmax(axis=1))


@dataclass(frozen=True)
class TrainingCurve:
    """Live training so far, one entry per epoch."""
    losses: tuple[float, ...]
    accuracies: tuple[float, ...]           # on the training sentences
    seconds: float


@dataclass(frozen=True)
class GateTrace:
    """One LSTM layer and direction of a tagger on one sentence (T tokens, H units).

    Every array is (T, H) and comes from the cell's step records: nothing recomputed."""
    model: str
    layer: int
    direction: int                          # 0 left-to-right, 1 right-to-left
    tokens: tuple[str, ...]
    input_gate: np.ndarray                  # i_t in [0, 1]
    forget_gate: np.ndarray                 # f_t in [0, 1]
    candidate: np.ndarray                   # g_t in [-1, 1]
    output_gate: np.ndarray                 # o_t in [0, 1]
    cell: np.ndarray                        # c_t
    hidden: np.ndarray                      # h_t = o_t * tanh(c_t)
    device: str
    seconds: float

    def previous(self, name: str) -> np.ndarray:
        """c_{t-1} or h_{t-1} in reading order (zeros before the first token read)."""
        values = getattr(self, name)
        zeros = np.zeros_like(values[:1])
        if self.direction == 0:
            return np.concatenate([zeros, values[:-1]])
        return np.concatenate([values[1:], zeros])


@dataclass(frozen=True)
class DecodingTrace:
    """One English sentence translated step by step (S source tokens, T output steps, k
    alternatives per step)."""
    model: str                              # "attention" | "plain"
    source: tuple[str, ...]                 # (S,) what the encoder read
    unknown_source: np.ndarray              # (S,) bool: not in the English vocabulary
    target: tuple[str, ...]                 # (T,) what the decoder wrote, "</s>" last if done
    text: str                               # the detokenised, cased French
    attention: np.ndarray | None            # (T, S) rows sum to 1; None for the plain model
    top_k_words: tuple[tuple[str, ...], ...]  # (T, k) most probable first
    top_k_probs: np.ndarray                 # (T, k)
    decoding: str                           # "greedy" | "beam search (5)"
    device: str
    seconds: float
