from django import forms

from residents import idnumber

from .models import BenefitType, Case, HousingMode


class CaseForm(forms.ModelForm):
    id_number = forms.CharField(label="公民身份号码", max_length=30, help_text="本社区已登记居民的身份证号")

    class Meta:
        model = Case
        fields = [
            "type",
            "amount",
            "housing_mode",
            "placement",
            "start_on",
            "end_on",
            "next_review_on",
            "notes",
        ]
        widgets = {
            "start_on": forms.DateInput(attrs={"type": "date"}),
            "end_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, types=None, residents=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = types
        # 未注明 comes only from an office's sheet; a case that has it keeps it until staff choose the mode.
        modes = [
            c
            for c in HousingMode.choices
            if c[0] != HousingMode.UNKNOWN or self.instance.housing_mode == c[0]
        ]
        self.fields["housing_mode"].choices = [("", "—")] + modes
        self.residents = residents
        if editing:
            del self.fields["id_number"]

    def clean_id_number(self):
        number = idnumber.normalize(self.cleaned_data["id_number"])
        resident = self.residents.filter(id_number=number).first()
        if resident is None:
            raise forms.ValidationError("本社区（您的网格）中没有该身份证号的居民，请先登记居民。")
        self.resident = resident
        return number


class TransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、JPG、PNG，不超过10MB）")


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    skip_invalid = forms.BooleanField(label="跳过有错误的行，只导入正确的行", required=False)


class BenefitTypeForm(forms.ModelForm):
    class Meta:
        model = BenefitType
        fields = ["name", "active_label", "period", "review_months", "has_placement", "sort"]
        help_texts = {
            "active_label": "批准后显示的状态名称，如“在保”“已发放”。",
            "review_months": "需定期复审时填写，如低保为12；不复审则留空。",
        }
