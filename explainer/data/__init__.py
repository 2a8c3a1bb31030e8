"""Text in, ids out: tokenizer, vocabularies, readers for CoNLL-U and word,tag tables."""
