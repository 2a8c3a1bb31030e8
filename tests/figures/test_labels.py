"""User text inside figures and Markdown is shown as typed."""
import re

from explainer.figures.labels import escaped, literal


def test_escaped_text_is_not_read_as_plotly_html():
    assert escaped("<b>cats</b> & dogs") == "&lt;b&gt;cats&lt;/b&gt; &amp; dogs"


def test_literal_text_holds_no_markdown_html_or_tex():
    shown = literal("$x$ costs *5* <b>é</b> \\( 100% %%%LATEX_BLOCK_0%%%")
    # no punctuation left for Markdown or HTML to read; every $ in a <span> of its own
    assert not re.search(r"[*<>\\%()]", re.sub(r"</?span>", "", shown))
    assert shown.count("<span>&#36;</span>") == 2 and "$" not in shown.replace("&#36;", "")
    assert "costs" in shown and "é" in shown
    assert literal("cats") == "cats"
