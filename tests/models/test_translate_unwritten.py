"""Decoding never writes a piece no training sentence held (the byte pieces, <unk>, <s>, <pad>):
the shipped translators' masks, and what the mask does and does not touch."""
import torch

from explainer.data.pairs import EOS_ID
from explainer.models import decoding
from explainer.models.translator import Translator


def test_the_mask_is_the_pieces_training_never_saw():
    for name in ("attention", "plain"):
        model = Translator.load(name)
        counts = model.vocab.counts["target"]
        mask = model.decoder.never_written
        tokens = model.vocab.target.tokens
        assert not mask[EOS_ID]
        assert all(mask[i] == (counts[i] == 0) for i in range(len(tokens)) if i != EOS_ID)
        assert all(mask[tokens.index(f"<0x{b:02X}>")] for b in (0x00, 0xC3, 0xFF))
        assert 200 < int(mask.sum()) < 400 and not mask[tokens.index("▁chats")]


def test_masked_outside_training_only():
    model = Translator.load("attention")
    decoder = model.decoder
    memory, _ = model.encode(torch.tensor([[5, 6, 7]]), torch.tensor([3]))
    state = decoder.initial_state(memory)
    _, step = decoder(torch.tensor([2]), state, memory)
    assert torch.isinf(step.logits[0, decoder.never_written]).all()
    assert torch.isfinite(step.logits[0, ~decoder.never_written]).all()
    decoder.train()
    try:
        with torch.no_grad():
            _, step = decoder(torch.tensor([2]), state, memory)
        assert torch.isfinite(step.logits).all()        # the loss sees every piece's logit
    finally:
        decoder.eval()


def test_no_output_holds_a_never_written_piece():
    model = Translator.load("attention")
    tokens = model.vocab.target.tokens
    banned = {tokens[i] for i in model.decoder.never_written.nonzero().flatten().tolist()}
    for text in ("Cats are neat.", "Zoë paid 45 € for the purple teapot.", "I is a teeth."):
        for beam in (1, 5):
            steps = decoding.explain(model, text, beam_size=beam if beam > 1 else 0)
            assert not banned & set(steps.target_tokens), (text, beam, steps.target_tokens)
