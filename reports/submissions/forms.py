from django import forms

from .selectors import report_types


class DueForm(forms.Form):
    report = forms.ChoiceField(
        label="报告", choices=report_types, error_messages={"invalid_choice": "请选择报告。"}
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为数字。"},
    )
    due_on = forms.DateField(
        label="上报截止日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写截止日期。", "invalid": "请按“年-月-日”填写日期。"},
    )

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("due_on") and abs(data["due_on"].year - data["year"]) > 1:
            self.add_error("due_on", "截止日期应在该年度或下一年度之内。")
        return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "意见不超过2000字。"},
    )
