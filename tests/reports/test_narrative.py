import pytest
from django.core.exceptions import ValidationError

from reports.figures import Figure
from reports.narrative import render_narrative, render_narrative_html, unknown_names

FIGURES = {
    "常住人口": Figure("常住人口", 4101, "人", "registered"),
    "少数民族占比": Figure("少数民族占比", 35, "%"),
}


def test_figures_are_substituted_by_name():
    assert render_narrative("常住人口{常住人口}人，占{少数民族占比}。", FIGURES) == "常住人口4101人，占35%。"


def test_an_unknown_figure_name_is_refused_not_rendered():
    with pytest.raises(ValidationError) as exc:
        render_narrative("共有{志愿人数}人", FIGURES)
    assert "{志愿人数}" in exc.value.messages[0]
    assert unknown_names("{a}{常住人口}{b}", FIGURES) == ["a", "b"]


def test_template_code_is_never_executed_and_html_is_escaped():
    text = "{{ settings.SECRET_KEY }} <script>alert(1)</script> {常住人口}"
    html = render_narrative_html(text, FIGURES, url_for=lambda f: "/rows/")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{ settings.SECRET_KEY }" in html  # {{ … }} are literal braces, not template code
    assert '<a class="figure-link" href="/rows/">4101</a>' in html


def test_template_tags_are_refused_as_unknown_names():
    with pytest.raises(ValidationError):
        render_narrative("{% load static %}", FIGURES)
