"""Forms of the floating register. Choices are scoped to the user (grid workers: their grids)."""

from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import idnumber
from ..ethnicities import minority
from ..forms import DATE_WIDGET, ResidentForm
from ..models import Ethnicity
from ..selectors import grids_for
from . import origins, selectors
from .models import ArrivalReason, FloatingResident, ServiceKind

PERSON_FIELDS = [
    "name",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "phone",
    "household",
    "relation",
    "political_status",
]


class PersonForm(ResidentForm):
    """The arriving person, when not yet in the registry: the registry's own form, fewer fields."""

    class Meta(ResidentForm.Meta):
        fields = PERSON_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["reason"]


class StayForm(forms.ModelForm):
    """Arrival and stay of a floating resident. The 居住证 number, once saved, is shown masked: editing
    leaves it empty with the masked number as a hint; empty keeps the number."""

    origin = forms.ChoiceField(label=_("户籍地（来源地）"), choices=[("", _("请选择省、市"))])

    class Meta:
        model = FloatingResident
        fields = [
            "arrived_on",
            "origin",
            "reason",
            "expected_stay",
            "permit_number",
            "permit_expires",
            "employer",
            "housing",
            "landlord_name",
            "landlord_phone",
            "notes",
        ]
        widgets = {
            "arrived_on": DATE_WIDGET,
            "permit_expires": DATE_WIDGET,
            "permit_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "permit_number": _("一般与公民身份号码相同；保存后隐藏显示。"),
            "landlord_name": _("租住时填写房东姓名；借住亲友家填写户主姓名。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = [("", _("请选择省、市")), *origins.choices()]
        self.fields["arrived_on"].initial = date.today()
        if not self.instance._state.adding and self.instance.permit_number:
            field = self.fields["permit_number"]
            field.widget.attrs["placeholder"] = idnumber.mask(self.instance.permit_number)
            field.help_text = _("当前号码已隐藏；不修改请留空，如需更正请填写完整号码。")
            self.initial["permit_number"] = ""

    def clean_permit_number(self):
        number = idnumber.normalize(self.cleaned_data.get("permit_number") or "")
        if not number and not self.instance._state.adding:
            return self.instance.permit_number
        return number

    def clean_arrived_on(self):
        value = self.cleaned_data["arrived_on"]
        if value and value > date.today():
            raise forms.ValidationError(_("来本社区日期不能晚于今天。"))
        return value

    def validate_unique(self):
        pass  # checked, in Chinese, by the service

    def _post_clean(self):
        pass  # the service runs full_clean() on the real instance

    def stay_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "edit_token"}


class DepartureForm(forms.Form):
    on = forms.DateField(label=_("离开日期"), widget=DATE_WIDGET)
    destination = forms.CharField(
        label=_("去向"), max_length=100, required=False, help_text=_("如“返回原籍”“迁往兰州市城关区”。")
    )

    def __init__(self, *args, stay: FloatingResident, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay
        self.fields["on"].initial = date.today()

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > date.today():
            raise forms.ValidationError(_("离开日期不能晚于今天。"))
        if value < self.stay.arrived_on:
            raise forms.ValidationError(
                _("离开日期不能早于来本社区日期（%(d)s）。") % {"d": self.stay.arrived_on}
            )
        return value


class ServiceForm(forms.Form):
    SUBJECTS = [("person", _("本人")), ("household", _("全户"))]

    kind = forms.ChoiceField(label=_("服务类型"), choices=[("", _("请选择")), *ServiceKind.choices])
    served_on = forms.DateField(label=_("服务日期"), widget=DATE_WIDGET)
    subject = forms.ChoiceField(label=_("服务对象"), choices=SUBJECTS, initial="person")
    served_by = forms.CharField(label=_("服务人"), max_length=40)
    notes = forms.CharField(label=_("服务内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, has_household: bool, served_by: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_on"].initial = date.today()
        self.fields["served_by"].initial = served_by
        if not has_household:
            self.fields["subject"].choices = self.SUBJECTS[:1]

    def clean_served_on(self):
        value = self.cleaned_data["served_on"]
        if value > date.today():
            raise forms.ValidationError(_("服务日期不能晚于今天。"))
        return value


STATES = [("open", _("在住")), ("departed", _("已离开")), ("all", _("全部"))]
REMINDERS = [("", _("全部")), ("permit", _("居住证30天内到期")), ("unvisited", _("来后未走访"))]
SORTS = {
    "arrived": ["-arrived_on", "pk"],
    "name": ["resident__name_pinyin", "pk"],
    "permit": ["permit_expires", "pk"],
    "origin": ["origin", "pk"],
}


class FloatingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音、工作单位或房东")}),
    )
    state = forms.ChoiceField(label=_("状态"), choices=STATES, required=False)
    grid = forms.ModelChoiceField(label=_("网格"), queryset=None, required=False, empty_label=_("全部"))
    ethnicity = forms.ChoiceField(label=_("民族"), required=False)
    province = forms.ChoiceField(label=_("来源省份"), required=False)
    reason = forms.ChoiceField(
        label=_("来此事由"), choices=[("", _("全部")), *ArrivalReason.choices], required=False
    )
    reminder = forms.ChoiceField(label=_("提醒"), choices=REMINDERS, required=False)
    sort = forms.ChoiceField(
        label=_("排序"), choices=[(k, k) for k in SORTS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids_for(access).order_by("number")
        self.fields["ethnicity"].choices = [
            ("", _("全部")),
            ("minority", _("少数民族")),
            *Ethnicity.objects.values_list("code", "name"),
        ]
        self.fields["province"].choices = [("", _("全部")), *origins.provinces().items()]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"

    def filter(self, stays, today: date):

        data = {}
        if self.is_bound:
            self.is_valid()  # a bad value in one filter is dropped; the others still apply
            data = self.cleaned_data
        state = data.get("state") or "open"
        if state == "open":
            stays = stays.filter(departed_on__isnull=True)
        elif state == "departed":
            stays = stays.filter(departed_on__isnull=False)
        if text := (data.get("q") or "").strip():
            lowered = text.lower()
            stays = stays.filter(
                Q(resident__name__contains=text)
                | Q(resident__name_pinyin__startswith=lowered)
                | Q(resident__name_initials__startswith=lowered)
                | Q(employer__contains=text)
                | Q(landlord_name__contains=text)
            )
        if data.get("grid"):
            stays = stays.filter(resident__household__grid=data["grid"])
        if (ethnicity := data.get("ethnicity")) == "minority":
            stays = stays.filter(minority("resident__"))
        elif ethnicity:
            stays = stays.filter(resident__ethnicity_id=ethnicity)
        if data.get("province"):
            stays = stays.filter(origin_province=data["province"])
        if data.get("reason"):
            stays = stays.filter(reason=data["reason"])
        if data.get("reminder") == "permit":
            stays = selectors.permits_expiring(stays, today)
        elif data.get("reminder") == "unvisited":
            stays = selectors.arrivals_unvisited(stays)
        sort = data.get("sort") or "arrived"
        return stays.order_by(*SORTS[sort])
