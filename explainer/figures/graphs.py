"""The recurrent networks the figures draw, as networkx graphs in one vocabulary: the five
input/output paradigms (figures.paradigms) and the tagger unrolled over a sentence
(figures.unrolled, which draws the many-to-many graph).

    node (kind, step), with attributes kind and step: kind x (input), h (state), s (the
    decoder's state) or y (output); steps count from 0, the decoder's after the encoder's
    edge attribute matrix: "W_x", "W_h", "W_y", "context" (encoder to decoder) or "fed back"
    (an output read as the next input)

A layout puts a node in the column of its step and in the row of its kind (grid_layout).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Paradigm:
    key: str
    title: str
    summary: str


PARADIGMS = {p.key: p for p in (
    Paradigm("one-to-one", "One-to-one", "one input, one output: no sequence, no recurrence"),
    Paradigm("one-to-many", "One-to-many", "one input, a sequence out (each output fed back)"),
    Paradigm("many-to-one", "Many-to-one", "a sequence in, one output after the last step"),
    Paradigm("many-to-many", "Many-to-many (synced)", "one output for every input, in step"),
    Paradigm("encoder-decoder", "Many-to-many (encoder/decoder)",
             "read the whole input, then write an output of another length"),
)}


def paradigm_graph(key: str, steps: int = 4, out_steps: int = 3) -> nx.DiGraph:
    """The paradigm `key` unrolled over `steps` inputs (one-to-one: 1) and, for the
    encoder/decoder, `out_steps` outputs."""
    if key not in PARADIGMS:
        raise ValueError(f"unknown paradigm {key!r}; choose one of {sorted(PARADIGMS)}")
    g = nx.DiGraph()

    def add(kind, t):
        g.add_node((kind, t), kind=kind, step=t)

    if key == "one-to-one":
        steps = 1
    if key == "encoder-decoder":
        for t in range(steps):
            add("x", t), add("h", t)
            g.add_edge(("x", t), ("h", t), matrix="W_x")
            if t:
                g.add_edge(("h", t - 1), ("h", t), matrix="W_h")
        for k in range(out_steps):
            t = steps + k
            add("s", t), add("y", t)
            g.add_edge(("s", t), ("y", t), matrix="W_y")
            g.add_edge(("h", steps - 1) if k == 0 else ("s", t - 1), ("s", t),
                       matrix="context" if k == 0 else "W_h")
            if k:
                g.add_edge(("y", t - 1), ("s", t), matrix="fed back")
        return g
    for t in range(steps):
        add("h", t)
        if t:
            g.add_edge(("h", t - 1), ("h", t), matrix="W_h")
        if key != "one-to-many" or t == 0:
            add("x", t)
            g.add_edge(("x", t), ("h", t), matrix="W_x")
        if key != "many-to-one" or t == steps - 1:
            add("y", t)
            g.add_edge(("h", t), ("y", t), matrix="W_y")
        if key == "one-to-many" and t:
            g.add_edge(("y", t - 1), ("h", t), matrix="fed back")
    return g


def rolled_graph(key: str) -> nx.DiGraph:
    """The network as drawn before unrolling: one cell per network, h feeding itself."""
    g = paradigm_graph(key, steps=1, out_steps=1)
    if key != "one-to-one":
        g.add_edge(("h", 0), ("h", 0), matrix="W_h")
    if key == "encoder-decoder":
        g.add_edge(("s", 1), ("s", 1), matrix="W_h")
    return g


def grid_layout(graph: nx.DiGraph, rows: dict[str, float],
                column: Callable[[int], float] = float) -> dict:
    """node -> (x, y): x = column(its step), y = rows[its kind]."""
    return {n: (column(d["step"]), rows[d["kind"]]) for n, d in graph.nodes(data=True)}
