"""A budget per request: the worst input each endpoint accepts (explainer.bench.views.worst_cases)
sends at most 2 MB and needs at most 50 MB more memory; what the limits refuse is refused before
any work, with a message. Each handler is called in-process, as the app calls it.

Time is not asserted here (the machine is shared: a threshold would measure the neighbours);
the CPU time of each case is printed, and `python -m explainer.bench` reports its p50."""
from __future__ import annotations

import ctypes
import gc
import time

import gradio as gr
import pytest
import torch

from explainer.bench.views import payload_bytes, worst_cases
from explainer.explain.live import train_truncated
from explainer.ui import bptt_sections, neurons, paradigms, translation

MAX_PAYLOAD_BYTES = 2_000_000
MAX_MEMORY_MB = 50.0
UNBUDGETED = {"noop", "bptt_truncated"}   # no work; live training, bounded by its time limit


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith(key + ":"))


def _held_mb() -> float:
    """RSS once freed memory is handed back to the system: what the process really holds."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _status_mb("VmRSS")


def _reset_peak() -> bool:
    """Start VmHWM (peak RSS) again from the current RSS; False where Linux does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def measure(call) -> dict:
    """One call after a warm-up call: CPU ms, bytes sent, MB of memory above what the process
    held before (at the peak where Linux reports it, else after)."""
    call()
    before = _held_mb()
    peak = _reset_peak()
    start = time.process_time()
    outputs = call()
    cpu_ms = (time.process_time() - start) * 1000
    grown = (_status_mb("VmHWM") if peak else _held_mb()) - before
    return dict(cpu_ms=cpu_ms, payload=payload_bytes(outputs), memory_mb=grown)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)                 # as the app runs every request (ui.app.build_app)
    yield worst_cases(tmp_path_factory.mktemp("uploads"))
    torch.set_num_threads(threads)


def test_every_worst_case_fits_the_budget(cases, capsys):
    over = []
    with capsys.disabled():
        print(f"\n{'endpoint':20} {'worst accepted input':55} {'CPU ms':>7} {'bytes':>9} "
              f"{'+MB':>6}")
        for case in cases:
            m = measure(case.call)
            print(f"{case.endpoint:20} {case.worst_input[:55]:55} {m['cpu_ms']:7.0f} "
                  f"{m['payload']:9,} {m['memory_mb']:6.1f}")
            if m["payload"] > MAX_PAYLOAD_BYTES or m["memory_mb"] > MAX_MEMORY_MB:
                over.append(f"/{case.endpoint} ({case.worst_input}): {m['payload']:,} bytes, "
                            f"+{m['memory_mb']:.1f} MB")
    assert not over, "over the budget: " + "; ".join(over)


def test_live_training_streams_within_the_budget():
    """Truncated BPTT has no worst input (its sliders are the run), only a time limit: each
    update it streams is small, and a run (after a short one: autograd's first use) holds
    little memory."""
    assert list(train_truncated(8, 20, steps=5))[-1].done
    before = _held_mb()
    peak = _reset_peak()
    sizes = [payload_bytes(update)
             for update in bptt_sections.train_with_truncation(8, 20, None)]
    grown = (_status_mb("VmHWM") if peak else _held_mb()) - before
    print(f"bptt_truncated: {len(sizes)} updates of at most {max(sizes):,} bytes, +{grown:.1f} MB")
    assert max(sizes) < MAX_PAYLOAD_BYTES and grown < MAX_MEMORY_MB


@pytest.mark.parametrize("call,message", [
    (lambda: translation.translate("," * 400, 5), "up to 200 characters; this one has 400"),
    (lambda: translation.translate("." * 10_000, 0), "this one has 10000"),
    (lambda: translation.translate("," * 26, 0), "read this sentence as 27 tokens"),
    (lambda: paradigms.translate_sentence("." * 10_000), "this one has 10000"),
    (lambda: paradigms.classify_words("a " * 5_000_000), "Up to 12 words"),
    (lambda: paradigms.identify_language("é" * 10_000_000), "at most 2000 characters"),
    (lambda: bptt_sections.work_scalar("1," * 5_000_000, 1, 1, 1, 1, "relu"), "1 to 6 inputs"),
    (lambda: neurons.explore_shapes(512, 1, 724, 724), "multiply-adds"),
    (lambda: neurons.explore_shapes(1, 1, 1024, 1024), "weights"),
    (lambda: neurons.explore_shapes(512, 256, 8, 8), "numbers"),
])
def test_what_would_cost_too_much_is_refused_before_any_work(call, message):
    start = time.process_time()
    with pytest.raises(gr.Error, match=message) as caught:
        call()
    assert len(str(caught.value)) < 400
    print(f"refused in {(time.process_time() - start) * 1000:.0f} ms CPU")


def test_every_public_endpoint_has_a_worst_case(cases, demo):
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert public - UNBUDGETED <= {case.endpoint for case in cases}
