from django import forms

from .exporters.base import ReportForm


class GenerateForm(ReportForm):
    format = forms.ChoiceField(
        label="格式", choices=[("pdf", "PDF"), ("xlsx", "Excel")], initial="pdf", required=False
    )

    def clean(self):
        data = super().clean()
        data["format"] = data.get("format") or "pdf"
        return data


class NarrativeForm(forms.Form):
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 6}))
