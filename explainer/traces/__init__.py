"""What a computation hands to the pictures: one module per view, each of frozen dataclasses.

The contract: a trace holds plain numpy arrays, labels and numbers, detached and on the CPU; it
knows nothing of Plotly, Gradio or torch. The explain_* functions (explainer.explain) make them;
the figure builders (explainer.figures) read only them. Shapes are given per field.
"""
