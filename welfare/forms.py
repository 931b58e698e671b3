from django import forms

from community.versioning import EditTokenMixin
from residents import idnumber

from .models import BenefitType, Case, HousingMode


class CaseForm(EditTokenMixin, forms.ModelForm):
    """A case. Registering one names the resident by ID number, or — coming from the resident's page —
    carries the resident's record id (the page shows the name and the masked number, never the full one).
    """

    id_number = forms.CharField(label="公民身份号码", max_length=30, help_text="本社区已登记居民的身份证号")
    resident_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

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

    def __init__(self, *args, types=None, residents=None, editing=False, resident=None, **kwargs):
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
        self.resident = None
        if editing:
            del self.fields["id_number"], self.fields["resident_id"]
            self.add_edit_token(self.instance)
            return
        chosen = self.data.get("resident_id") if self.is_bound else (resident.pk if resident else None)
        if chosen:
            # The resident was chosen on their page: no number to type, none shown.
            del self.fields["id_number"]
            self.initial["resident_id"] = chosen
            self.resident = resident

    @property
    def chosen_resident(self):
        """The resident named by the hidden record id (shown by name and masked number), if any."""
        if "resident_id" not in self.fields or "id_number" in self.fields:
            return None
        if self.resident is None:
            value = self.data.get("resident_id") if self.is_bound else self.initial.get("resident_id")
            try:
                self.resident = self.residents.filter(pk=value).first() if value else None
            except (ValueError, TypeError, forms.ValidationError):
                self.resident = None
        return self.resident

    @property
    def chosen_resident_masked_id(self) -> str:
        return idnumber.mask(self.chosen_resident.id_number) if self.chosen_resident else ""

    def clean(self):
        data = super().clean()
        if "resident_id" in self.fields and "id_number" not in self.fields:
            value = data.get("resident_id")
            self.resident = self.residents.filter(pk=value).first() if value else None
            if self.resident is None:
                self.add_error(None, "本社区（您的网格）中没有该居民，请从居民页面重新进入。")
        return data

    def clean_id_number(self):
        number = idnumber.normalize(self.cleaned_data["id_number"])
        resident = self.residents.filter(id_number=number).first()
        if resident is None:
            raise forms.ValidationError("本社区（您的网格）中没有该身份证号的居民，请先登记居民。")
        self.resident = resident
        return number

    def service_fields(self) -> dict:
        return {
            k: v for k, v in self.cleaned_data.items() if k not in ("id_number", "resident_id", "edit_token")
        }


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
