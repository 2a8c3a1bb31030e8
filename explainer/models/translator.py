"""English -> French encoder-decoder translators, with and without attention.

Encoder (both models): embeddings, then a bidirectional GRU over the English tokens x_1..x_S
    h_j = [->h_j ; <-h_j]                                  (B, S, 2H)  the annotations
    s_0 = tanh(W_init [->h_S ; <-h_1])                     the decoder's first state

plain (Cho et al. 2014, "Learning Phrase Representations using RNN Encoder-Decoder"): the decoder
sees only the encoder's final state, the same fixed-length summary at every step
    c_t = c = [->h_S ; <-h_1]                              the bottleneck

attention (Bahdanau, Cho & Bengio, ICLR 2015, "Neural Machine Translation by Jointly Learning to
Align and Translate"): a fresh context for every output word, additive scores
    e_tj = v^T tanh(W s_{t-1} + U h_j)                     -inf where j is padding
    a_tj = exp(e_tj) / sum_k exp(e_tk)                     attention weights, rows sum to 1
    c_t  = sum_j a_tj h_j                                  the context

Both decoders, one step per output word y_t:
    s_t = GRU([E y_{t-1} ; c_t], s_{t-1})
    o_t = tanh(W_o [s_t ; c_t ; E y_{t-1}])                 a one-layer "deep output"
    p(y_t | y_<t, x) = softmax(E o_t + b)                   output layer tied to E
                                                            (Press & Wolf 2017)

`Decoder.forward(prev, state, memory)` is one step and returns a `DecoderStep` record; training
(teacher forcing), greedy and beam search all loop over that one function. Decoding and the
`explain` step loop live in `explainer.models.decoding`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from ..data.pairs import EOS_ID, PAD_ID, PairBatch, PairVocab
from .cells import GRUCell, GRUStep, Step
from .recurrent import Recurrent, RecurrentConfig
from .weights import Saved


@dataclass(frozen=True)
class TranslatorConfig:
    name: str = "attention"
    attention: bool = True       # False: the plain encoder-decoder (fixed context)
    embedding_dim: int = 256     # both languages; also o_t's size (tied output layer)
    encoder_hidden: int = 256    # per direction: annotations are 2 * encoder_hidden wide
    decoder_hidden: int = 512
    attention_dim: int = 256     # the size of W s and U h in the scores
    dropout: float = 0.2         # on embeddings and on o_t, while training
    n_source: int = 0            # vocabulary sizes, filled in by `sized`
    n_target: int = 0

    def sized(self, vocab: PairVocab) -> TranslatorConfig:
        return dataclasses.replace(self, n_source=len(vocab.source), n_target=len(vocab.target))


CONFIGS = {"attention": TranslatorConfig(),
           "plain": TranslatorConfig(name="plain", attention=False)}


@dataclass(frozen=True)
class Memory:
    """What the encoder hands the decoder (B sentences, S source positions)."""
    annotations: Tensor          # (B, S, 2He) h_j, zero on padding
    summary: Tensor              # (B, 2He) [->h_S ; <-h_1], the final states
    mask: Tensor                 # (B, S) True on real tokens
    keys: Tensor | None          # (B, S, A) U h_j, computed once per sentence (attention only)

    def repeat(self, n: int) -> Memory:
        """Each sentence's memory n times over (for the hypotheses of a beam)."""
        return Memory(*(None if t is None else t.repeat_interleave(n, dim=0)
                        for t in (self.annotations, self.summary, self.mask, self.keys)))


@dataclass(frozen=True)
class DecoderStep:
    """What one decoder step computed (B hypotheses, V target words)."""
    logits: Tensor               # (B, V) scores of every candidate next word
    attention: Tensor | None     # (B, S) a_t; None for the plain model
    context: Tensor              # (B, 2He) c_t
    hidden: Tensor               # (B, Hd) s_t
    gru: GRUStep                 # the decoder cell's gates, (B, Hd) each


class Encoder(nn.Module):
    def __init__(self, config: TranslatorConfig):
        super().__init__()
        self.embedding = nn.Embedding(config.n_source, config.embedding_dim, padding_idx=PAD_ID)
        self.dropout = nn.Dropout(config.dropout)
        self.rnn = Recurrent(RecurrentConfig("gru", config.embedding_dim, config.encoder_hidden,
                                             bidirectional=True))

    def forward(self, source: Tensor, lengths: Tensor, step_loop: bool = False):
        """source: (B, S) ids. Returns (annotations (B, S, 2He), summary (B, 2He), mask (B, S),
        records): torch's fused GRU kernel, or with step_loop=True the traceable cells, whose
        step records come back ([layer][direction], fields (B, S, He)); None otherwise."""
        x = self.dropout(self.embedding(source))                          # (B, S, E)
        mask = torch.arange(source.shape[1], device=source.device) < lengths[:, None]
        if step_loop:
            annotations, _, records = self.rnn(x, mask)
        else:
            annotations, records = self.rnn.forward_fused(x, lengths), None
        annotations = annotations * mask[..., None]                       # padding -> 0
        He = self.rnn.config.hidden_size
        last = annotations[torch.arange(len(source), device=source.device), lengths - 1, :He]
        summary = torch.cat([last, annotations[:, 0, He:]], dim=-1)       # (B, 2He)
        return annotations, summary, mask, records


class BahdanauAttention(nn.Module):
    """e_tj = v^T tanh(W s_{t-1} + U h_j);  a_t = softmax(e_t) over real tokens;  c_t = a_t h."""

    def __init__(self, query_size: int, key_size: int, attention_size: int):
        super().__init__()
        self.W = nn.Linear(query_size, attention_size, bias=False)
        self.U = nn.Linear(key_size, attention_size)
        self.v = nn.Linear(attention_size, 1, bias=False)

    def keys(self, annotations: Tensor) -> Tensor:
        return self.U(annotations)                                        # (B, S, A)

    def forward(self, query: Tensor, annotations: Tensor, mask: Tensor,
                keys: Tensor | None = None,
                forced: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """query s_{t-1}: (B, Hd); annotations h: (B, S, 2He); mask: (B, S).
        Returns (context (B, 2He), weights (B, S)); padded positions get weight exactly 0.
        forced (B, S): weights to use instead of the scores' softmax (the what-if views)."""
        if forced is None:
            keys = self.keys(annotations) if keys is None else keys
            scores = self.v(torch.tanh(self.W(query)[:, None, :] + keys)).squeeze(-1)  # (B, S)
            scores = scores.masked_fill(~mask, float("-inf"))
            weights = torch.softmax(scores, dim=-1)                       # (B, S)
        else:
            weights = forced.to(annotations.dtype) * mask
        context = torch.bmm(weights[:, None, :], annotations).squeeze(1)  # (B, 2He)
        return context, weights


class Decoder(nn.Module):
    def __init__(self, config: TranslatorConfig):
        super().__init__()
        c = config
        context_size = 2 * c.encoder_hidden
        self.embedding = nn.Embedding(c.n_target, c.embedding_dim, padding_idx=PAD_ID)
        self.init = nn.Linear(context_size, c.decoder_hidden)             # W_init
        self.attention = (BahdanauAttention(c.decoder_hidden, context_size, c.attention_dim)
                          if c.attention else None)
        self.cell = GRUCell(c.embedding_dim + context_size, c.decoder_hidden)
        self.output = nn.Linear(c.decoder_hidden + context_size + c.embedding_dim,
                                c.embedding_dim)                          # W_o
        self.output_bias = nn.Parameter(torch.zeros(c.n_target))          # b; weights tied to E
        self.dropout = nn.Dropout(c.dropout)
        # pieces no training sentence holds (the byte pieces, <unk>, <s>, <pad>): never a target
        # in training, so decoding never writes them (-inf logits when not training)
        self.register_buffer("never_written", torch.zeros(c.n_target, dtype=torch.bool),
                             persistent=False)

    def initial_state(self, memory: Memory) -> Tensor:
        return torch.tanh(self.init(memory.summary))                      # (B, Hd)

    def forward(self, prev: Tensor, state: Tensor, memory: Memory,
                forced_attention: Tensor | None = None) -> tuple[Tensor, DecoderStep]:
        """One output word. prev: (B,) ids of y_{t-1}; state s_{t-1}: (B, Hd).
        forced_attention (B, S): this step's a_t set by hand instead of computed."""
        y = self.dropout(self.embedding(prev))                            # (B, E)
        if self.attention is not None:
            context, weights = self.attention(state, memory.annotations, memory.mask,
                                              memory.keys, forced_attention)  # (B, 2He), (B, S)
        elif forced_attention is not None:
            raise ValueError("the plain model has no attention to force: use the attention one")
        else:
            context, weights = memory.summary, None
        s, gru = self.cell(torch.cat([y, context], dim=-1), state)        # (B, Hd)
        o = torch.tanh(self.output(torch.cat([s, context, y], dim=-1)))   # (B, E)
        logits = self.dropout(o) @ self.embedding.weight.T + self.output_bias   # (B, V)
        return s, DecoderStep(self.writable(logits), weights, context, s, gru)

    def writable(self, logits: Tensor) -> Tensor:
        """Logits with the never-written pieces at -inf, outside training."""
        if self.training:
            return logits
        return logits.masked_fill(self.never_written, float("-inf"))


class Translator(Saved, nn.Module):
    """Saved as translate-<name>.safetensors + .json (config) + .vocab.json."""

    prefix, config_type, vocab_type = "translate-", TranslatorConfig, PairVocab

    def __init__(self, config: TranslatorConfig, vocab: PairVocab):
        super().__init__()
        self.config, self.vocab = config, vocab   # read-only: a loaded translator is shared
        self.encoder = Encoder(config)
        self.decoder = Decoder(config)
        counts = (vocab.counts or {}).get("target")
        if counts is not None and len(counts) == config.n_target:
            unseen = torch.tensor(counts) == 0
            unseen[EOS_ID] = False                       # </s> ends every sentence
            self.decoder.never_written.copy_(unseen)

    def encode(self, source: Tensor, lengths: Tensor,
               step_loop: bool = False) -> tuple[Memory, list[list[Step]] | None]:
        annotations, summary, mask, records = self.encoder(source, lengths, step_loop)
        attention = self.decoder.attention
        keys = attention.keys(annotations) if attention is not None else None
        return Memory(annotations, summary, mask, keys), records

    def forward(self, batch: PairBatch) -> Tensor:
        """Teacher forcing: logits (B, T, V) for every target position, each step reading the
        reference's previous word. For training and dev loss."""
        memory, _ = self.encode(batch.source, batch.source_lengths)
        state = self.decoder.initial_state(memory)
        logits = []
        for t in range(batch.target_in.shape[1]):
            state, step = self.decoder(batch.target_in[:, t], state, memory)
            logits.append(step.logits)
        return torch.stack(logits, dim=1)

    @property
    def device(self) -> torch.device:
        return self.decoder.output_bias.device
