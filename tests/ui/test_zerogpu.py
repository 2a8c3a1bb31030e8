"""The app on Hugging Face ZeroGPU, with the real `spaces` package in its ZeroGPU mode on this CPU
(tests/ui/zerogpu_app.py, in a process of its own: spaces patches torch for the whole process).

Building the app makes no decorated call; after spaces' start-up has packed the weights away, every
decorated function goes through its real wrapper to a forked worker, its arguments and its answer
pickled on the way, and answers exactly what the same function answers here on the CPU (a model
passed as an argument would reach the worker without its weights); no tensor comes back."""
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zerogpu")
    env = {**os.environ, "SPACES_ZERO_GPU": "true", "PYTHONPATH": str(ROOT),
           "SPACES_ZERO_DEVICE_API_URL": "http://127.0.0.1:9",   # never called: stood in for
           "ZEROGPU_OFFLOAD_DIR": str(folder / "offload")}
    env.pop("RNN_EXPLAINER_DEVICE", None)
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "ui" / "zerogpu_app.py"),
                          str(folder)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_building_the_app_makes_no_decorated_call(report):
    assert report["build_schedules"] == 0
    print(f"build_app under spaces' ZeroGPU patches: {report['build_seconds']:.1f} s")


def test_the_header_says_zerogpu(report):
    assert report["label"] == "ZeroGPU" and "**ZeroGPU**" in report["header"]


def test_every_decorated_function_runs_in_a_worker_as_it_runs_here(report):
    assert sorted(report["driven"]) == report["decorated"]       # none left out
    assert len(report["decorated"]) == 16
    assert report["workers"] == len(report["decorated"])         # one forked worker each
    for name, run in report["driven"].items():
        assert run["scheduled"] == 1, name
        assert run["differences"] == [] and run["tensors"] == [], (name, run)
        assert run["device"] in ("CPU", None), (name, run)       # the worker's device here
        assert 5 <= run["duration"] <= 15, (name, run)
