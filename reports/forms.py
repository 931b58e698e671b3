from django import forms

from .exporters.base import ReportForm
from .submissions.selectors import report_types


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


class RollupForm(GenerateForm):
    """The street's roll-up: by default from the communities' accepted versions of the work report."""

    basis = forms.ChoiceField(
        label="数据依据",
        choices=[
            ("accepted", "已接收的上报版本"),
            ("submitted", "最新上报版本（含待接收）"),
            ("live", "台帐实时数据"),
        ],
        initial="accepted",
        required=False,
    )
    source = forms.ChoiceField(
        label="依据的报告", choices=lambda: _community_reports(), initial="work-report", required=False
    )

    def clean(self):
        data = super().clean()
        data["basis"] = data.get("basis") or "accepted"
        data["source"] = data.get("source") or "work-report"
        return data


def _community_reports():
    return report_types()
