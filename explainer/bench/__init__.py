"""The benchmark: `python -m explainer.bench`. Imported by nothing else in explainer/."""
