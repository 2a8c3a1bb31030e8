"""Run by tests/ui/test_zerogpu.py in a process of its own, with SPACES_ZERO_GPU=true: the app
with the real `spaces` package in its ZeroGPU mode, on this CPU. Prints one JSON report.

Real: spaces' torch patches (CUDA emulated in this process, models moved to `cuda` kept aside),
its start-up (the weights packed to files on disk, as at launch), and each call's way through its
wrapper: the fork of a worker, the arguments and the answer pickled through its queues, the
worker's start (spaces' torch patches undone). Stood in for, at the two places that need the Hub or
a GPU: the ZeroGPU API (schedule, allow, release, start-up report: no network here) and the
worker's CUDA (`init` makes the worker's device the CPU; `move` reads the packed weights back
into the models on the CPU instead of into CUDA memory; torch.version.cuda, None in this CPU build,
torch._C._cuda_init, absent from it, and torch.cuda._is_in_bad_fork read as a CUDA build's).
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import os
import pkgutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPORT = Path(sys.argv[1])                       # where the worker pids go, one file each
schedules: list[int] = []                        # task ids, one per decorated call


def stand_in_for_the_hub_and_the_gpu() -> None:
    import spaces.zero
    import torch
    from spaces.zero import client
    from spaces.zero import torch as zero_torch
    from spaces.zero.api import ScheduleResponse
    from spaces.zero.torch import patching

    def schedule(task_id, request=None, duration=None, gpu_size=None):
        schedules.append(task_id)
        return ScheduleResponse(idle=True, nvidiaIndex=0, nvidiaUUID="GPU-test", allowToken="t")

    def init(nvidia_uuid: str) -> None:          # in the worker: its device is this CPU
        import explainer.device
        os.environ[explainer.device.ENV_VAR] = "cpu"
        explainer.device.choose_device.cache_clear()
        (REPORT / f"worker-{os.getpid()}").touch()

    def read_pack(pack) -> None:                 # packing.pack_to_cuda, into CPU memory
        with open(pack.path(), "rb") as file:
            for meta, size, aligned in [*(t for batch in pack.batches for t in batch),
                                        *pack.big_tensors]:
                data = bytearray(file.read(aligned)[:size])
                storage = torch.UntypedStorage.from_buffer(data, dtype=torch.uint8)
                tensor = torch.tensor([], dtype=meta.dtype).set_(storage, 0, meta.shape,
                                                                 meta.stride())
                for fake in pack.fakes[meta]:
                    fake.data = tensor

    def move(callback=None) -> None:
        for fake, original in patching.cuda_aliases.items():
            if original is not None:
                fake.data = original
        for pack in patching.tensor_packs:
            read_pack(pack)

    client.schedule, client.release = schedule, lambda *args, **kwargs: None
    client.allow, client.startup_report = (lambda token: None), (lambda: None)
    zero_torch.init, zero_torch.move = init, move
    assert spaces.zero.Config.zero_gpu


def gpu_functions() -> dict:
    """Every function of explainer.explain decorated with device.gpu, by name."""
    import explainer.explain
    found = {}
    for info in pkgutil.iter_modules(explainer.explain.__path__):
        module = importlib.import_module(f"explainer.explain.{info.name}")
        found.update({name: fn for name, fn in vars(module).items()
                      if hasattr(fn, "lent") and fn.__module__ == module.__name__})
    return found


def calls(functions: dict) -> dict:
    """Each decorated function's arguments: plain data only."""
    from explainer.data.tokenizer import tokenize
    from explainer.explain.tradeoffs import load_delay
    tokens = tokenize("The cats that my sister feeds are always hungry .")
    last_step = load_delay("elman").steps[-1]
    return {
        "explain_tagging": ((tokens, "best"), {}),
        "explain_gates": ((tokens, "best", 1, 1), {}),
        "explain_gru_gates": (("I love my cat .", "attention", 1), {}),
        "explain_gradient_flow": ((tokens, "lstm", 6), {"radius": 0.9, "clip": 1.0}),
        "explain_translation": (("I love my cat .", "attention", 3), {}),
        "explain_text_translation": (("I love purple cats. Cats are neat.", 3, 1), {}),
        "explain_what_if": (("I love my cat.", ["j'", "aime", "mon", "chat", ".", "</s>"], 1, 3),
                            {}),
        "explain_nouns": ((["station", "quickly", "book"],), {}),
        "explain_generation": (("R", 40, 0.8, 3), {}),
        "explain_language": (("Le chat dort.",), {}),
        "measure_sizes": (("slide", [1, 5, 20]), {}),
        "measure_speed": (("slide", [1, 8], 2), {}),
        "measure_delays": ((last_step, 16, 1), {}),
        "compare_directions": ((tokens, "slide", "best"), {}),
        "explain_shapes": ((5, 3, 7, 2), {}),
        "explain_statefulness": ((4, 1), {}),
    }


def tensors_in(value) -> list[str]:
    """Where a torch tensor hides in a trace (there should be none)."""
    import torch
    if isinstance(value, torch.Tensor):
        return [f"{value.device} tensor"]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in tensors_in(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in tensors_in(item)]
    return []


TIMINGS = {"seconds", "rnn_loop", "rnn_fused", "attention"}   # measured: differ run to run


def same(x, y) -> bool:
    """Equal values: floats to rounding, arrays, nested traces, tuples and lists of them."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return type(x) is type(y) and not differences(x, y)
    if isinstance(x, (tuple, list)):
        return (isinstance(y, (tuple, list)) and len(x) == len(y)
                and all(same(a, b) for a, b in zip(x, y)))
    if isinstance(x, np.ndarray) and x.dtype.kind in "fc":
        return (isinstance(y, np.ndarray) and x.shape == y.shape
                and np.allclose(x, y, rtol=1e-6, atol=1e-7, equal_nan=True))
    if isinstance(x, np.ndarray):
        return np.array_equal(x, y)
    return bool(x == y)


def differences(a, b) -> list[str]:
    """Fields of two traces that differ (timings left out)."""
    out = []
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if field.name in TIMINGS:
            equal = np.shape(x) == np.shape(y)
        else:
            equal = same(x, y)
        if not equal:
            out.append(field.name)
    return out


def no_cuda():
    raise RuntimeError("this torch is a CPU build: nothing here may initialise CUDA")


def not_in_bad_fork() -> bool:
    return False


def main() -> None:
    import torch
    if torch.version.cuda is None:   # this CPU build: spaces reads what a CUDA build has
        torch.version.cuda = "12.8"
        torch._C._cuda_init = no_cuda
        torch.cuda._is_in_bad_fork = not_in_bad_fork     # a lambda here: not picklable
    import explainer.device                     # imports spaces (before CUDA is touched)
    stand_in_for_the_hub_and_the_gpu()
    from explainer.ui.app import build_app
    start = time.perf_counter()
    demo = build_app()
    report = {"build_seconds": time.perf_counter() - start, "build_schedules": len(schedules),
              "label": explainer.device.label(),
              "header": next(b.value for b in demo.blocks.values()
                             if getattr(b, "elem_id", None) == "device-label")}
    import spaces.zero
    spaces.zero.startup()                        # what launch runs first: the weights to disk
    functions = gpu_functions()
    arguments = calls(functions)
    report["decorated"] = sorted(functions)
    report["driven"] = {}
    with ThreadPoolExecutor(1) as gradio_thread:     # handlers run off the main thread
        for name, (args, kwargs) in arguments.items():
            fn = functions[name]
            before = len(schedules)
            start = time.perf_counter()
            answer = gradio_thread.submit(fn, *args, **kwargs).result()
            seconds = time.perf_counter() - start
            here = gradio_thread.submit(fn.on_cpu, *args, **kwargs).result()
            report["driven"][name] = {
                "scheduled": len(schedules) - before, "seconds": seconds,
                "duration": fn.duration, "device": getattr(answer, "device", None),
                "differences": differences(answer, here), "tensors": tensors_in(answer)}
    report["workers"] = len(list(REPORT.glob("worker-*")))
    report["parent"] = os.getpid()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
