"""Put the app on a Hugging Face Space: `python -m explainer.deploy --check`, then
`--space USER/NAME`.

space.py says what the Space gets and the one place it differs from this repository, checks.py
checks it against what the Hub and PyPI accept (standard library and pip), hub.py
uploads it with huggingface_hub.
"""
