"""Translation scores: what training selects its epochs by and what `evaluate translate` prints.

Kept apart from metrics.py so that training a translator imports no tagger code (nor conllu).
Each runs without gradients in eval mode and leaves the model in the mode it found it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from ..data.pairs import Pair
from ..data.sentences import split_sentences
from ..models.decoding import beam_many, greedy, ids_to_tokens

if TYPE_CHECKING:
    from ..models.translator import Translator


def corpus_bleu(hypotheses: list[str], references: list[str]) -> float:
    """sacreBLEU with its defaults: 13a tokenisation, case-sensitive, one reference each."""
    import sacrebleu   # imported here: only scoring needs it
    return sacrebleu.corpus_bleu(hypotheses, [references]).score


@torch.no_grad()
def translate_pairs(model: Translator, pairs: list[Pair], beam_size: int = 0,
                    batch_size: int = 256, by_sentence: bool = False) -> list[str]:
    """The detokenised French for each pair's English (greedy when beam_size <= 1).

    by_sentence: as the Translation tab translates, each sentence of a line on its own
    (explainer/data/sentences.py splits them) and the translations joined by a space; a line
    of one sentence is translated as it is either way. Otherwise each line goes in whole."""
    if by_sentence:
        parts = [split_sentences(p.english) or [p.english] for p in pairs]
        found = iter(translate_pairs(model, [Pair(s, "") for part in parts for s in part],
                                     beam_size, batch_size))
        return [" ".join(next(found) for _ in part) for part in parts]
    was_training = model.training
    model.eval()
    sources = [model.vocab.source_tokens(p.english) for p in pairs]
    if beam_size > 1:
        outputs = [ids_to_tokens(model, found[0].ids)
                   for found in beam_many(model, sources, beam_size)]
    else:
        outputs = greedy(model, sources, batch_size)
    model.train(was_training)
    return [model.vocab.target_text(tokens) for tokens in outputs]


def dev_bleu(model: Translator, pairs: list[Pair]) -> float:
    """Corpus BLEU of greedy translations, for picking the best epoch."""
    if not pairs:
        return 0.0
    hypotheses = translate_pairs(model, pairs, batch_size=512)
    return corpus_bleu(hypotheses, [p.french for p in pairs])
