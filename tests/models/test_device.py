"""Device choice, the ZeroGPU decorator, and (where CUDA exists) GPU runs equal to CPU runs."""
import importlib
import sys
import types

import pytest
import torch

import explainer.device as device_module
from explainer.models.recurrent import Recurrent, RecurrentConfig


@pytest.fixture
def fresh_choice(monkeypatch):
    device_module.choose_device.cache_clear()
    yield monkeypatch
    device_module.choose_device.cache_clear()


def test_default_is_cuda_when_present(fresh_choice):
    fresh_choice.delenv(device_module.ENV_VAR, raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert device_module.choose_device().type == expected


def test_environment_overrides(fresh_choice):
    fresh_choice.setenv(device_module.ENV_VAR, "cpu")
    assert device_module.choose_device() == torch.device("cpu")
    assert device_module.describe(torch.device("cpu")) == "CPU"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_asking_for_missing_cuda_says_what_to_do(fresh_choice):
    fresh_choice.setenv(device_module.ENV_VAR, "cuda")
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        device_module.choose_device()


def test_gpu_decorator_uses_spaces_when_importable(monkeypatch):
    calls = []
    fake = types.ModuleType("spaces")
    fake.GPU = lambda fn: calls.append(fn) or fn
    monkeypatch.setitem(sys.modules, "spaces", fake)
    reloaded = importlib.reload(device_module)
    try:
        def handler():
            return 1
        assert reloaded.gpu(handler)() == 1 and calls == [handler]
    finally:
        monkeypatch.delitem(sys.modules, "spaces")
        importlib.reload(device_module)


def test_gpu_decorator_is_a_pass_through_without_spaces():
    if device_module._spaces is None:
        def handler():
            return 2
        assert device_module.gpu(handler) is handler


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA (runs on the GPU machine)")
@pytest.mark.parametrize("cell", ["elman", "lstm", "gru"])
def test_cuda_step_loop_equals_cpu(cell):
    torch.manual_seed(0)
    model = Recurrent(RecurrentConfig(cell, 8, 16, num_layers=2, bidirectional=True))
    x = torch.randn(3, 12, 8)
    mask = torch.arange(12)[None] < torch.tensor([12, 7, 3])[:, None]
    with torch.no_grad():
        out_cpu, _, rec_cpu = model(x, mask)
        out_gpu, _, rec_gpu = model.to("cuda")(x.cuda(), mask.cuda())
    torch.testing.assert_close(out_gpu.cpu(), out_cpu, atol=1e-4, rtol=0)
    torch.testing.assert_close(rec_gpu[1][1].hidden.cpu(), rec_cpu[1][1].hidden, atol=1e-4, rtol=0)
