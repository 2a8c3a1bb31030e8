"""The notation every view uses, stated once; any tab can show it in a closed accordion."""
from __future__ import annotations

import gradio as gr

from .style import LATEX

NOTATION = r"""
- **Vectors are rows**, as in the deck ($z_R = X W_x^\top + b + h W_h^\top$) and in PyTorch:
  $x_t$ is $1 \times d$, $h_t$ is $1 \times H$, and a layer computes $x_t W^\top + b$ with $W$
  stored as (outputs × inputs). A batch stacks rows. (PyTorch's `nn.LSTM` and `nn.GRU` documentation
  writes column vectors, $W x_t$; `nn.RNN` and `nn.Linear` write rows, as here.)
- **$x_t$** the input at step $t$ (a token's vector); **$a_t$** the pre-activation (the deck's
  $z_R$); **$h_t$** the hidden state after step $t$, which is also the layer's output; $h_0 = 0$.
  **$\hat y_t$** a prediction, **$L$** the loss.
- **$W_x$, $W_h$** are the deck's names for the Elman neuron's input and recurrent weights (its
  BPTT slide writes them $v_x$, $v_h$); PyTorch calls the same matrices **$W_{ih}$, $W_{hh}$**
  (`weight_ih_l0`, `weight_hh_l0`). In an LSTM or a GRU, $W_{hh}$ stacks one block per gate:
  $[W_{hi}; W_{hf}; W_{hg}; W_{ho}]$ ($4H \times H$) or $[W_{hr}; W_{hz}; W_{hn}]$ ($3H \times H$).
- **LSTM**: gates $i_t, f_t, o_t$ (input, forget, output) and candidate $g_t$, in
  `torch.nn.LSTM`'s order; **$c_t$ is the LSTM's cell state** (its memory), and only that.
  **GRU**: gates $r_t, z_t$ (reset, update) and candidate $n_t$, as `torch.nn.GRU`; it has no
  cell state. $\sigma$ is the logistic sigmoid, $\odot$ the element-wise product.
- **Directions**: a right-to-left layer reads from the last token back, so the state it reads
  at token $t$ is $h_{t+1}$ (and $c_{t+1}$) in sentence order. A bidirectional layer's output
  is $[\overrightarrow{h}_t ; \overleftarrow{h}_t]$.
- **Encoder/decoder**: $h_j$ the encoder's state at source token $j$ (an annotation),
  **$s_t$ the decoder's state** at output step $t$, $\alpha_{tj}$ the attention weights (as
  Bahdanau et al. write them; $a_t$ is a pre-activation), and
  **$\mathrm{ctx}_t = \sum_j \alpha_{tj} h_j$ the context vector** (not $c$: that is the LSTM's
  cell).
"""


def notation_accordion() -> gr.Accordion:
    """A closed "Notation" accordion with the key; call inside a tab's layout."""
    with gr.Accordion("Notation", open=False) as accordion:
        gr.Markdown(NOTATION, latex_delimiters=LATEX)
    return accordion
