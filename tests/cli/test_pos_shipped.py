"""The shipped taggers on the full UD English-EWT dev set (25,147 words), batched through the
fused kernels: about half a minute on two CPU cores. Skipped where the corpus is absent."""
from pathlib import Path

import pytest
import torch

from explainer.data.tagged import read_conllu
from explainer.evaluation.metrics import predict, score
from explainer.models.tagger import Tagger

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "ud_english_ewt" / \
    "en_ewt-ud-dev.conllu"
GOALS = {"slide": 0.91, "elman": 0.92, "best": 0.955}


@pytest.fixture(scope="module")
def dev():
    if not DEV.exists():
        pytest.skip(f"UD English-EWT dev set not found at {DEV} (see ../shared/data/README.md)")
    return read_conllu(DEV)


@pytest.mark.parametrize("name", sorted(GOALS))
def test_shipped_tagger_reaches_its_dev_goal(dev, name):
    model = Tagger.load(name).to("cpu")
    with torch.inference_mode():
        predicted = predict(model, [list(s.words) for s in dev], batch_size=512)
    report = score([list(s.tags) for s in dev], predicted)
    assert report.total == 25147
    assert report.accuracy >= GOALS[name], f"pos-{name}: dev accuracy {report.accuracy:.4f}"
