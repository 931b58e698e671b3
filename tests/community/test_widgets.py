"""FastSelect writes the markup Django's Select writes, option for option."""

import re

import pytest
from django import forms

from community.widgets import FastSelect
from residents.models import Ethnicity


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


CHOICES = [("", "全部"), ("a", "甲 & <乙>"), ("b", "丙"), ("组", [("c", "丁"), ("d", "戊")])]


@pytest.mark.parametrize("value", [None, "", "b", "d", "nothing"])
def test_same_markup_as_select(value):
    attrs = {"id": "id_x", "class": "form-select", "required": True}
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    assert _squeeze(FastSelect(choices=CHOICES).render("x", value, attrs=attrs)) == _squeeze(expected)


@pytest.mark.django_db
def test_model_choices_in_a_bound_form():
    class Form(forms.Form):
        ethnicity = forms.ModelChoiceField(Ethnicity.objects.all(), empty_label="全部民族", widget=FastSelect)
        slow = forms.ModelChoiceField(Ethnicity.objects.all(), empty_label="全部民族")

    form = Form({"ethnicity": "03", "slow": "03"})
    fast, slow = _squeeze(str(form["ethnicity"])), _squeeze(str(form["slow"]))
    assert fast == slow.replace('"slow"', '"ethnicity"').replace("id_slow", "id_ethnicity")
    assert '<option value="03" selected>回族</option>' in fast
    assert fast.count("<option") == Ethnicity.objects.count() + 1
