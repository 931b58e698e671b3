"""Forms of the hardship register. Households offered are the user's (grid workers: their grids)."""

from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..forms import DATE_WIDGET, HouseholdChoiceField
from ..selectors import grids_for, households_for
from .models import Cause, HardshipHousehold, HelperKind, HelpKind, HelpSource


class HardshipForm(forms.ModelForm):
    causes = forms.MultipleChoiceField(
        label=_("困难原因"), choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = HardshipHousehold
        fields = ["causes", "income_per_head", "since", "reviewed_on", "notes"]
        widgets = {
            "since": DATE_WIDGET,
            "reviewed_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"income_per_head": _("不清楚可留空（不按0计）。")}

    def __init__(self, *args, access, with_household: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_household:
            self.fields = {
                "household": HouseholdChoiceField(
                    label=_("户"),
                    queryset=households_for(access).order_by(
                        "grid__number", "compound__name", "building__number", "door"
                    ),
                    empty_label=_("请选择户"),
                ),
                **self.fields,
            }
            self.fields["since"].initial = date.today()

    def validate_unique(self):
        pass

    def _post_clean(self):
        pass

    def record_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("household", "edit_token")}


class EndForm(forms.Form):
    on = forms.DateField(label=_("退出日期"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("退出原因"), max_length=100, help_text=_("如“收入已超过标准”“迁出本社区”。")
    )


class HelpForm(forms.Form):
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=HelpKind.choices)
    amount = forms.DecimalField(
        label=_("金额/折价（元）"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("资金必填；物资可填折价；服务可留空。"),
    )
    description = forms.CharField(label=_("帮扶内容"), max_length=200, required=False)
    given_on = forms.DateField(label=_("帮扶日期"), widget=DATE_WIDGET)
    source = forms.ChoiceField(label=_("来源"), choices=HelpSource.choices)
    handed_over_by = forms.CharField(label=_("经手人"), max_length=40)

    def __init__(self, *args, handed_over_by: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = date.today()
        self.fields["handed_over_by"].initial = handed_over_by

    def clean(self):
        data = super().clean()
        if data.get("kind") == HelpKind.MONEY and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("资金帮扶请填写金额。"))
        return data


class PairingForm(forms.Form):
    helper_kind = forms.ChoiceField(label=_("帮扶人类型"), choices=HelperKind.choices)
    helper_name = forms.CharField(label=_("帮扶人/单位"), max_length=60)
    helper_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    since = forms.DateField(label=_("结对日期"), widget=DATE_WIDGET)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = date.today()


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE_WIDGET)
    notes = forms.CharField(label=_("走访情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = date.today()


STATES = [("open", _("在册")), ("ended", _("已退出")), ("all", _("全部"))]
YES_NO = [("", _("全部")), ("yes", _("是")), ("no", _("否"))]
SORTS = {
    "since": ["-since", "pk"],
    "address": ["household__grid__number", "household__door", "pk"],
    "income": ["income_per_head", "pk"],
}


class HardshipFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("户主姓名、门牌号或户编号")}),
    )
    state = forms.ChoiceField(label=_("状态"), choices=STATES, required=False)
    grid = forms.ModelChoiceField(label=_("网格"), queryset=None, required=False, empty_label=_("全部"))
    minority = forms.ChoiceField(label=_("少数民族户"), choices=YES_NO, required=False)
    paired = forms.ChoiceField(label=_("已结对"), choices=YES_NO, required=False)
    cause = forms.ChoiceField(label=_("困难原因"), choices=[("", _("全部")), *Cause.choices], required=False)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False, widget=forms.HiddenInput)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids_for(access).order_by("number")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"

    def filter(self, records):
        data = {}
        if self.is_bound:
            self.is_valid()  # a bad value in one filter is dropped; the others still apply
            data = self.cleaned_data
        state = data.get("state") or "open"
        if state == "open":
            records = records.filter(ended_on__isnull=True)
        elif state == "ended":
            records = records.filter(ended_on__isnull=False)
        if text := (data.get("q") or "").strip():
            records = records.filter(
                Q(head_name__contains=text) | Q(household__door__contains=text) | Q(household__number=text)
            )
        if data.get("grid"):
            records = records.filter(household__grid=data["grid"])
        if data.get("minority"):
            records = (
                records.filter(minority_persons__gt=0)
                if data["minority"] == "yes"
                else records.filter(minority_persons=0)
            )
        if data.get("paired"):
            records = records.filter(paired=data["paired"] == "yes")
        if data.get("cause"):
            # JSON containment is not on SQLite: the causes list is matched as text ("illness" is quoted).
            records = records.filter(causes__icontains=f'"{data["cause"]}"')
        return records.order_by(*SORTS[data.get("sort") or "since"])
