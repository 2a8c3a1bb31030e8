"""Where models run: CUDA when present, else the CPU; `RNN_EXPLAINER_DEVICE=cpu|cuda` overrides.

On Hugging Face ZeroGPU the process has no GPU: a GPU is lent only while a function decorated with
`spaces.GPU` runs, in a worker forked from this process that receives the function's arguments
pickled. So, as the ZeroGPU docs show, the shared models are loaded once at start-up and moved to
`cuda` (the `spaces` package keeps them aside until a worker gets a GPU), and the functions
decorated here take plain data (a model's name, tokens, numbers, seeds), look the model up in the
process (`shared_model`) and return numpy traces. Whatever runs where, traces come back detached
on the CPU (see explainer.traces).

The app's start-up answers are computed inside `on_cpu()`: the decorated functions then run
undecorated, here, on CPU copies of the models (ZeroGPU lends no GPU before the app is served).
"""
from __future__ import annotations

import functools
import os
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from functools import lru_cache
from typing import Callable, TypeVar

import torch

ENV_VAR = "RNN_EXPLAINER_DEVICE"
# What `spaces` itself reads (spaces/config.py): the Hub sets it on ZeroGPU hardware.
ZERO_GPU = os.environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "t", "true")

if ZERO_GPU:  # the Hub installs `spaces` with the hardware; it must come before CUDA is touched
    import spaces as _spaces

F = TypeVar("F", bound=Callable)
M = TypeVar("M", bound=torch.nn.Module)
_ON_CPU: ContextVar[bool] = ContextVar("on_cpu", default=False)


@lru_cache(maxsize=None)
def choose_device() -> torch.device:
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted:
        if wanted.startswith("cuda") and not torch.cuda.is_available():
            raise RuntimeError(f"{ENV_VAR}={wanted} but CUDA is not available here; "
                               f"unset it or set it to 'cpu'")
        return torch.device(wanted)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def describe(device: torch.device) -> str:
    """Where a trace was computed: 'CPU' or 'CUDA (NVIDIA H100 80GB HBM3)'."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    return device.type.upper()


def label() -> str:
    """Where the models run, for the page's header. On ZeroGPU this process has no GPU to
    name (spaces reports a made-up one here): each request gets a GPU slice, or the CPU."""
    return "ZeroGPU" if ZERO_GPU else describe(choose_device())


@contextmanager
def on_cpu():
    """Within: functions decorated with `gpu` run here, undecorated, and `shared_model` loaders
    return CPU copies (the app's start-up answers). On ZeroGPU, spaces emulates CUDA in the main
    thread by intercepting every torch call (a torch function mode); CPU copies need none of it,
    and without it the app builds in less than half the time (measured: 24.6 -> 11.9 s)."""
    token = _ON_CPU.set(True)
    try:
        with torch._C.DisableTorchFunction() if ZERO_GPU else nullcontext():
            yield
    finally:
        _ON_CPU.reset(token)


def model_device() -> torch.device:
    """Where a model made now belongs: the CPU inside `on_cpu()`, else the chosen device."""
    return torch.device("cpu") if _ON_CPU.get() else choose_device()


def shared_model(load: Callable[..., M]) -> Callable[..., M]:
    """Decorate a loader of a shipped model: loaded once per arguments, on the chosen device, and
    shared by every user; inside `on_cpu()`, a CPU copy (the same object where the chosen device
    is the CPU). On ZeroGPU the device copies must be loaded at start-up, in the main thread,
    before launch: that is when `spaces` takes the weights moved to `cuda` aside for its workers."""
    @lru_cache(maxsize=None)
    def placed(cpu_copy: bool, *args) -> M:
        return load(*args).to("cpu" if cpu_copy else choose_device())

    @functools.wraps(load)
    def lookup(*args) -> M:
        return placed(_ON_CPU.get() and choose_device().type != "cpu", *args)
    return lookup


def gpu(duration: int) -> Callable[[F], F]:
    """Decorate a function that runs a model: on ZeroGPU, `spaces.GPU(duration=duration)`, a GPU
    lent for at most `duration` seconds; elsewhere unchanged. Inside `on_cpu()` the undecorated
    function runs instead; `.on_cpu(...)` calls it that way.

    A shorter duration queues first, and a visitor whose daily quota has less left than it is
    refused, so each is set from the function's worst accepted input timed on one CPU thread:
    5 s for a fresh worker's start (CUDA, the weights to the GPU) + 5 x that time, rounded up
    (a step loop of small kernels can be slower on a GPU than on a CPU)."""
    def decorate(fn: F) -> F:
        lent = _spaces.GPU(duration=duration)(fn) if ZERO_GPU else fn

        @functools.wraps(fn)
        def run(*args, **kwargs):
            return (fn if _ON_CPU.get() else lent)(*args, **kwargs)

        def cpu_run(*args, **kwargs):
            with on_cpu():
                return fn(*args, **kwargs)
        run.on_cpu, run.duration, run.lent = cpu_run, duration, lent
        return run
    return decorate
