"""Device choice, the ZeroGPU decorator, and (where CUDA exists) GPU runs equal to CPU runs."""
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


def test_gpu_functions_run_here_off_zerogpu():
    """Off ZeroGPU the decorator adds nothing: the function runs in this process, on the chosen
    device, or on the CPU through .on_cpu (the ZeroGPU side: tests/ui/test_zerogpu.py)."""
    assert not device_module.ZERO_GPU

    @device_module.gpu(duration=3)
    def where(x):
        return x, device_module.model_device()
    assert where.lent is where.__wrapped__ and where.duration == 3
    assert where(1) == (1, device_module.choose_device())
    assert where.on_cpu(2) == (2, torch.device("cpu"))
    with device_module.on_cpu():
        assert where(3) == (3, torch.device("cpu"))
    assert device_module.label() == device_module.describe(device_module.choose_device())


def test_shared_models_have_a_cpu_copy_where_the_device_is_not_the_cpu(monkeypatch):
    @device_module.shared_model
    def load(size):
        return torch.nn.Linear(size, 1)
    assert load(2) is load(2) and load(2) is not load(3)
    with device_module.on_cpu():
        assert load(2) is load(2)                      # one copy where the device is the CPU
    monkeypatch.setattr(device_module, "choose_device", lambda: torch.device("meta"))
    away = load(4)
    with device_module.on_cpu():
        here = load(4)
    assert away.weight.device.type == "meta" and here.weight.device.type == "cpu"
    assert load(4) is away


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
