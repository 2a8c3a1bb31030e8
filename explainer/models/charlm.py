"""A character-level language model: one LSTM reads text a letter at a time (Karpathy's char-rnn,
"The Unreasonable Effectiveness of Recurrent Neural Networks", 2015).

    e_t = E[c_t]                                   the character's embedding
    (h_t, c_t) = LSTM(e_t, (h_{t-1}, c_{t-1}))     one layer, left to right
    p(c_{t+1} | c_1..c_t) = softmax(W h_t + b)     trained with cross-entropy on the next character

Generating is the one-to-many paradigm: ONE seed character goes in, then every sampled character
is fed back as the next input,

    c_{t+1} ~ softmax((W h_t + b) / temperature)

so a low temperature picks the likeliest letters and a high one flattens the distribution.
`generate` runs the traceable LSTM cell one step at a time and returns every choice it made.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .recurrent import Recurrent, RecurrentConfig
from .weights import Saved

MAX_GENERATED = 400          # characters one call may generate
TEMPERATURES = (0.1, 2.0)    # the range generation accepts


@dataclass(frozen=True)
class CharLMConfig:
    name: str = "charlm"
    embedding_dim: int = 64
    hidden_size: int = 256
    alphabet: str = ""           # every character it knows, in id order (from the training text)

    @property
    def n_chars(self) -> int:
        return len(self.alphabet)


@dataclass(frozen=True)
class Generated:
    """What one generation computed (N generated characters, k candidates per step)."""
    seed: str                    # the one input character
    text: str                    # the N characters sampled after it
    chosen_prob: Tensor          # (N,) p of the character that was sampled (at temperature 1/T)
    top_ids: Tensor              # (N, k) the k likeliest next characters at each step
    top_probs: Tensor            # (N, k) their probabilities (after the temperature)
    hidden: Tensor               # (N, H) h_t after reading each input character


class CharLM(Saved, nn.Module):
    """Saved as charlm.safetensors + charlm.json."""

    default_name, config_type = "charlm", CharLMConfig

    def __init__(self, config: CharLMConfig):
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.n_chars, config.embedding_dim)
        self.rnn = Recurrent(RecurrentConfig("lstm", config.embedding_dim, config.hidden_size))
        self.head = nn.Linear(config.hidden_size, config.n_chars)

    def encode(self, text: str) -> Tensor:
        ids = {c: i for i, c in enumerate(self.config.alphabet)}
        missing = sorted(set(text) - set(ids))
        if missing:
            raise ValueError(f"characters not in the model's alphabet: {missing}")
        return torch.tensor([ids[c] for c in text], dtype=torch.long)

    def forward(self, ids: Tensor) -> Tensor:
        """ids (B, T) -> next-character logits (B, T, n_chars), through the fused kernel
        (training and bulk evaluation; the same parameters as the step loop)."""
        B, T = ids.shape
        lengths = torch.full((B,), T, dtype=torch.long)
        return self.head(self.rnn.forward_fused(self.embedding(ids), lengths))

    @torch.no_grad()
    def generate(self, seed: str, length: int, temperature: float, generator: torch.Generator,
                 k: int = 5) -> Generated:
        """Sample `length` characters after the single character `seed`, one step at a time."""
        if len(seed) != 1:
            raise ValueError(f"the seed is one character, got {seed!r}")
        if not 1 <= length <= MAX_GENERATED:
            raise ValueError(f"length must be from 1 to {MAX_GENERATED}, got {length}")
        if not TEMPERATURES[0] <= temperature <= TEMPERATURES[1]:
            raise ValueError(f"temperature must be from {TEMPERATURES[0]} to {TEMPERATURES[1]}")
        cell = self.rnn.cell(0)
        device = self.head.weight.device
        x = self.encode(seed).to(device)                              # (1,)
        state = cell.initial_state(1, device=device)
        chosen, chosen_prob, top_ids, top_probs, hidden = [], [], [], [], []
        for _ in range(length):
            state, step = cell(self.embedding(x), state)              # step.hidden: (1, H)
            probs = torch.softmax(self.head(step.hidden)[0] / temperature, dim=-1)  # (n_chars,)
            x = torch.multinomial(probs.cpu(), 1, generator=generator).to(device)    # (1,)
            best = probs.topk(min(k, probs.numel()))
            chosen.append(int(x))
            chosen_prob.append(probs[x[0]])
            top_ids.append(best.indices)
            top_probs.append(best.values)
            hidden.append(step.hidden[0])
        return Generated(seed=seed, text="".join(self.config.alphabet[i] for i in chosen),
                         chosen_prob=torch.stack(chosen_prob).cpu(),
                         top_ids=torch.stack(top_ids).cpu(), top_probs=torch.stack(top_probs).cpu(),
                         hidden=torch.stack(hidden).cpu())
