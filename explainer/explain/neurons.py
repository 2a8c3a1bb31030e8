"""The first view's computations: shapes through both slide neurons, statefulness, and the
slides' code executed as written to show what each of its mistakes does."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from . import seeded
from ..device import describe, gpu, model_device
from ..models.neurons import (SLIDE_NEURON, SLIDE_RECURRENT_NEURON, Neuron,
                              RecurrentNeuron, SlideMistake, mistake, patched)
from ..traces.neurons import ShapeTrace, StatefulTrace


@gpu(duration=6)  # worst input: 0.14 s on one CPU thread (L 119, N 11, 724 x 724)
@torch.no_grad()
def explain_shapes(L: int, N: int, input_size: int, output_size: int) -> ShapeTrace:
    """Run both neurons on random data and read the shapes off the results."""
    device = model_device()
    with seeded(0):
        linear = Neuron(input_size, output_size).to(device)
        recurrent = RecurrentNeuron(input_size, output_size).to(device)
        X = torch.randn(N, input_size).to(device)          # one fixed-size example per row
        X_seq = torch.randn(L, N, input_size).to(device)   # L steps of N examples
    y = linear(X)
    outputs, state = recurrent(X_seq)
    return ShapeTrace(L, N, input_size, output_size,
                      linear_input=tuple(X.shape), linear_output=tuple(y.shape),
                      recurrent_input=tuple(X_seq.shape), recurrent_outputs=tuple(outputs.shape),
                      recurrent_state=tuple(state.shape), device=describe(device))


@gpu(duration=6)  # worst input: 0.01 s on one CPU thread (30 repeats)
@torch.no_grad()
def explain_statefulness(repeats: int, seed: int, input_size: int = 3,
                         output_size: int = 4) -> StatefulTrace:
    """Feed one token `repeats` times, one step at a time, to untrained neurons (weights drawn
    with `seed`). The linear neuron answers the same every time; the recurrent one carries its
    state forward, so its answer to the same token changes."""
    device = model_device()
    with seeded(seed):
        linear = Neuron(input_size, output_size).to(device)
        recurrent = RecurrentNeuron(input_size, output_size).to(device)
        token = torch.randn(1, input_size).to(device)       # (N=1, input_size)
    linear_out, recurrent_out, state = [], [], None
    for _ in range(repeats):
        linear_out.append(linear(token)[0])
        out, state = recurrent(token[None], state)           # one step: X is (L=1, 1, input)
        recurrent_out.append(out[0, 0])
    recurrent_out = torch.stack(recurrent_out)                 # (repeats, output_size)
    # deterministic given the whole sequence and h0: the same sequence, run again from h0 = 0
    again, _ = recurrent(token[None].expand(repeats, 1, input_size))
    return StatefulTrace(token=token[0].cpu().numpy(),
                         linear_outputs=torch.stack(linear_out).cpu().numpy(),
                         recurrent_outputs=recurrent_out.cpu().numpy(),
                         rerun_difference=float((again[:, 0] - recurrent_out).abs().max()),
                         seed=seed, device=describe(device))


# ---- the slides' code, executed ----------------------------------------------------------------

SLIDE_FILE = "<slide>"          # the file name the executed slide code reports in tracebacks
FORWARD_FIXES = ("not_state", "transpose", "bias_column", "tensor_of_tensors", "small_init")


@dataclass(frozen=True)
class Run:
    call: str                   # what was run, as code
    outcome: str                # the exception raised, or "no error: " and what came back
    failed: bool
    line: str | None            # the slide's line the exception came from, if it came from one


@dataclass(frozen=True)
class MistakeDemo:
    mistake: SlideMistake
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class SlideMistakesTrace:
    N: int
    input_size: int
    output_size: int
    steps: int                  # L of every X below: the mistakes show at the first steps
    as_written: Run             # the slide's RecurrentNeuron, every mistake in place
    demos: tuple[MistakeDemo, ...]


def _slide_line(error: BaseException, code: str) -> str | None:
    frames, tb = [], error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == SLIDE_FILE:
            frames.append(tb.tb_lineno)
        tb = tb.tb_next
    if isinstance(error, SyntaxError) or not frames:
        return None
    return code.splitlines()[frames[-1] - 1].strip()


def _run(call: str, fn, code: str = "") -> Run:
    """Run `fn` (which returns a description of its result); report whatever torch says."""
    try:
        result = fn()
    except Exception as error:  # the point is to show the real error, whatever it is
        return Run(call, f"{type(error).__name__}: {error}", True, _slide_line(error, code))
    return Run(call, f"no error: {result}", False, None)


def _define(code: str, name: str):
    """Execute the slide's code in a namespace with torch, F and nn; return the class."""
    namespace = {"torch": torch, "F": F, "nn": nn}
    exec(compile(code, SLIDE_FILE, "exec"), namespace)
    return namespace[name]


def _recurrent_without(key: str) -> str:
    """The slide's RecurrentNeuron with every forward-pass mistake fixed except `key`'s."""
    fixes = [fix for other in FORWARD_FIXES if other != key for fix in mistake(other).fixes]
    return patched(SLIDE_RECURRENT_NEURON, fixes)


def _shapes(result, N: int, output_size: int) -> str:
    outputs, state = result
    text = f"outputs {tuple(outputs.shape)}, state {tuple(state.shape)}"
    want = (outputs.shape[0], N, output_size), (N, output_size)
    if (tuple(outputs.shape), tuple(state.shape)) != want:
        text += f", where x W_xᵀ + b + h W_hᵀ gives {want[0]} and {want[1]}"
    return text


def _neuron_demos(X, i: int, o: int) -> list[MistakeDemo]:
    """The Neuron slide's mistakes, each run with the ones before it fixed."""
    def define():
        _define(SLIDE_NEURON, "Neuron")
        return "the class is defined"

    def build():
        cls(i, o)
        return "the object is built"

    def optimizer():
        torch.optim.SGD(neuron.parameters(), lr=0.1)
        return "an optimizer"

    demos = [MistakeDemo(mistake("torch_module"), (
        _run("class Neuron(torch.Module): ...  # defining the class", define, SLIDE_NEURON),))]
    code = patched(SLIDE_NEURON, mistake("torch_module").fixes)
    cls = _define(code, "Neuron")
    with_parameters = patched(code, mistake("neuron_tensors").fixes)
    demos.append(MistakeDemo(mistake("no_super"), (
        _run(f"neuron = Neuron({i}, {o})", build, code),
        _run(f"neuron(X)  # X: {tuple(X.shape)}", lambda: cls(i, o)(X), code),
        _run(f"Neuron({i}, {o})  # with the weights as nn.Parameters, still no super().__init__()",
             lambda: _define(with_parameters, "Neuron")(i, o), with_parameters))))
    code = patched(code, mistake("no_super").fixes)
    neuron = _define(code, "Neuron")(i, o)
    demos.append(MistakeDemo(mistake("neuron_tensors"), (
        _run(f"neuron(X).shape  # X: {tuple(X.shape)}", lambda: tuple(neuron(X).shape), code),
        _run("list(neuron.parameters())", lambda: list(neuron.parameters()), code),
        _run("torch.optim.SGD(neuron.parameters(), lr=0.1)", optimizer, code))))
    return demos


def _recurrent_demos(X, i: int, o: int) -> list[MistakeDemo]:
    """The RecurrentNeuron slide's mistakes, each run with all its other mistakes fixed."""
    N = X.shape[1]
    neuron = _define(SLIDE_RECURRENT_NEURON, "RecurrentNeuron")(i, o)
    demos = [MistakeDemo(mistake("plain_class"), (
        _run(f"neuron(X)  # X: {tuple(X.shape)}", lambda: neuron(X), SLIDE_RECURRENT_NEURON),
        _run("neuron.Wx.requires_grad, neuron.Wh.requires_grad, neuron.bh.requires_grad",
             lambda: (neuron.Wx.requires_grad, neuron.Wh.requires_grad, neuron.bh.requires_grad)),
        _run("neuron.parameters()", lambda: neuron.parameters())))]

    def forward(key: str, X, *state):
        """Run the slide's forward with every other mistake fixed, on X (and a state)."""
        code = _recurrent_without(key)
        slide = _define(code, "RecurrentNeuron")(i, o)
        call = (f"RecurrentNeuron({i}, {o}).forward(X{', state' if state else ''})"
                f"  # X: {tuple(X.shape)}")
        return _run(call, lambda: _shapes(slide.forward(X, *state), X.shape[1], o), code)

    demos.append(MistakeDemo(mistake("not_state"), (
        forward("not_state", X), forward("not_state", X, torch.zeros(N, o)))))
    demos.append(MistakeDemo(mistake("transpose"), (
        forward("transpose", X), _transposed(X.shape[:2], o))))
    one = X[:, :1]
    demos.append(MistakeDemo(mistake("bias_column"), (
        (forward("bias_column", X),) + ((forward("bias_column", one),) if N > 1 else ()))))
    demos.append(MistakeDemo(mistake("tensor_of_tensors"), (forward("tensor_of_tensors", X),)))
    return demos


def _transposed(batch: tuple[int, int], o: int) -> Run:
    """With input_size == output_size the slide's `x_t @ self.Wx` runs: compare it with the
    equation on the same weights (both built from the same seed)."""
    X = torch.randn(*batch, o)
    slide_code = _recurrent_without("transpose")
    outputs = []
    for code in (slide_code, patched(slide_code, mistake("transpose").fixes)):
        # the slide draws its weights from torch's global generator: seed it for both runs, and
        # give every other user of that generator its state back afterwards
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(1)
            outputs.append(_define(code, "RecurrentNeuron")(o, o).forward(X)[0])
    gap = float((outputs[0] - outputs[1]).abs().max())
    outcome = (f"no error, but the outputs differ from x W_xᵀ + b + h W_hᵀ on the same weights "
               f"by up to {gap:.3g}" if gap else
               "no error, and no difference: a 1 × 1 matrix is its own transpose")
    return Run(f"RecurrentNeuron({o}, {o}).forward(X)  # X: {tuple(X.shape)}, square W_x",
               outcome, False, None)


INIT_STEPS = 32     # inputs to the Neuron, steps of one sequence to the RecurrentNeuron


def _init_demo(i: int, o: int) -> MistakeDemo:
    """How far from 0 the activity gets with the slides' × 0.01 and with ours, on standard-normal
    inputs (the slide code with its other mistakes fixed, so that it runs)."""
    X = torch.randn(INIT_STEPS, i)
    code = patched(SLIDE_NEURON, mistake("torch_module").fixes + mistake("no_super").fixes)
    slide_neuron, our_neuron = _define(code, "Neuron")(i, o), Neuron(i, o)
    code = _recurrent_without("small_init")
    slide_recurrent, our_recurrent = _define(code, "RecurrentNeuron")(i, o), RecurrentNeuron(i, o)

    def spread(neuron):
        y = neuron(X)
        return f"outputs from {float(y.min()):.3f} to {float(y.max()):.3f}"

    def activity(neuron):
        h = neuron.forward(X[:, None])[0].abs()                # (INIT_STEPS, 1, o)
        return f"mean |h_t| = {float(h.mean()):.3g}, largest |h_t| = {float(h.max()):.3g}"

    call = f"  # X: {INIT_STEPS} standard-normal inputs"
    return MistakeDemo(mistake("small_init"), (
        _run(f"slide: Neuron({i}, {o})(X){call}", lambda: spread(slide_neuron), code),
        _run(f"ours: Neuron({i}, {o})(X){call}", lambda: spread(our_neuron)),
        _run(f"slide: RecurrentNeuron({i}, {o}).forward(X)  # one sequence, {INIT_STEPS} steps",
             lambda: activity(slide_recurrent), code),
        _run(f"ours: RecurrentNeuron({i}, {o}).forward(X)  # the same sequence",
             lambda: activity(our_recurrent))))


@torch.no_grad()
def explain_slide_mistakes(N: int, input_size: int, output_size: int,
                           steps: int = 2) -> SlideMistakesTrace:
    """Execute the slides' code on CPU with the given sizes: as written, then with all but one
    mistake fixed (or, on the Neuron slide, the ones before it), once per mistake."""
    with seeded(0):
        X = torch.randn(steps, N, input_size)
        as_written = _run(f"RecurrentNeuron({input_size}, {output_size}).forward(X)  "
                          f"# X: {tuple(X.shape)}",
                          lambda: _shapes(_define(SLIDE_RECURRENT_NEURON, "RecurrentNeuron")(
                              input_size, output_size).forward(X), N, output_size),
                          SLIDE_RECURRENT_NEURON)
        demos = (_neuron_demos(X[0], input_size, output_size)
                 + _recurrent_demos(X, input_size, output_size)
                 + [_init_demo(input_size, output_size)])
    return SlideMistakesTrace(N, input_size, output_size, steps, as_written, tuple(demos))
