"""Forms of the religious-liaison, 清真 oversight and 创建 registers. Every choice is scoped by the
user's access; residents (and households, through one of their members) are picked with the search
picker, never a select listing the registry."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from community.models import User
from community.widgets import FastSelect
from residents.models import Ethnicity, ResidentStatus
from residents.selectors import buildings_for, grids_for, units_for

from .. import selectors, services
from ..models import (
    COMMENDATION_TITLES,
    Commendation,
    Facility,
    Funding,
    HalalComplaint,
    HalalEstablishment,
    HalalInspection,
    Honour,
    HonourKind,
    InspectionResult,
    JointVisit,
    ReligiousFigure,
    ReligiousSite,
    Training,
)
from .ledgers import DATE, AccessForm, PickedResident, PickedResidents

RECEIPT_TYPES = {"pdf", "jpg", "jpeg", "png"}


class CheckedForm(AccessForm):
    """Runs the service's own check (``check``) in ``clean()``, before the model's constraints, so each
    refusal is shown next to its field with the input kept; the service runs it again when saving."""

    check = None  # staticmethod(instance, community, **check_extra()) -> {field: message}

    def check_extra(self) -> dict:
        return {}

    def clean(self):
        data = super().clean()
        if self.check is not None:
            instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            for name, message in self.check(instance, self.access.community, **self.check_extra()).items():
                if name not in self.fields:
                    self.add_error(None, message)
                elif name not in self.errors:
                    self.add_error(name, message)
        return data


def staff_choices(access):
    """Active accounts of the community (who can take part in a visit or a training)."""
    return (
        User.objects.filter(memberships__community=access.community, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def _staff_field(access, label, required=True) -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        queryset=staff_choices(access), label=label, required=required, widget=forms.CheckboxSelectMultiple
    )
    field.label_from_instance = lambda user: user.display_name
    return field


def _household_head(household):
    """The member shown for a household in the picker: its head, else any active member."""
    members = [m for m in household.members.all() if m.status == ResidentStatus.ACTIVE]
    heads = [m for m in members if m.relation == "head"]
    return (heads or members or [None])[0]


class SiteForm(AccessForm):
    class Meta:
        model = ReligiousSite
        fields = [
            "name",
            "kind",
            "address",
            "grid",
            "contact_name",
            "contact_phone",
            "since",
            "closed_on",
            "joint_visits_from",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "since": DATE,
            "closed_on": DATE,
            "joint_visits_from": DATE,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["grid"].queryset = grids_for(access)

    def clean(self):
        data = super().clean()
        since, closed = data.get("since"), data.get("closed_on")
        if since and closed and closed < since:
            self.add_error("closed_on", _("撤销日期不能早于登记日期。"))
        return data


class FigureForm(CheckedForm):
    picker_fields = ("resident",)
    check = staticmethod(services.liaison.figure_errors)

    class Meta:
        model = ReligiousFigure
        fields = ["site", "name", "role", "resident", "ethnicity", "phone", "since", "left_on", "notes"]
        widgets = {"since": DATE, "left_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["site"].queryset = selectors.sites_for(access)
        self.fields["resident"] = PickedResident(access, label=_("居民库中的本人（可选）"))
        self.fields["ethnicity"].queryset = Ethnicity.objects.all()
        self.fields["ethnicity"].widget = FastSelect(choices=self.fields["ethnicity"].choices)
        self.fields["ethnicity"].help_text = _("已选择居民的，按居民库中的民族记录")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("已选择居民的可不填")


class JointVisitForm(CheckedForm):
    picker_fields = ("visited",)
    check = staticmethod(services.liaison.joint_visit_errors)

    class Meta:
        model = JointVisit
        fields = [
            "site",
            "date",
            "staff",
            "figures",
            "other_participants",
            "topics",
            "situation",
            "follow_up",
            "follow_up_done_on",
        ]
        widgets = {
            "date": DATE,
            "follow_up_done_on": DATE,
            "situation": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "figures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["site"].queryset = selectors.sites_for(access)
        self.fields["staff"] = _staff_field(access, _("社区参加人员"))
        self.fields["figures"].queryset = selectors.liaison.figures_for(access).filter(left_on__isnull=True)
        self.fields["figures"].label_from_instance = lambda f: (
            f"{f.name}（{f.site.name}·{f.get_role_display()}）"
        )
        self.fields["visited"] = PickedResidents(access, label=_("走访户（搜索户内任一居民）"))
        self.fields["visited"].help_text = _("按户记录：选中居民所在的户即为走访户")
        self.order_fields(["site", "date", "staff", "figures", "other_participants", "visited"])
        if self.instance.pk and not self.is_bound:
            heads = [_household_head(h) for h in self.instance.households.prefetch_related("members")]
            self.initial["visited"] = [h for h in heads if h is not None]

    def households(self) -> list:
        visited = self.cleaned_data.get("visited") or []
        return list({r.household_id: r.household for r in visited if r.household_id}.values())

    def check_extra(self) -> dict:
        data = self.cleaned_data
        return {
            "staff": list(data.get("staff") or []),
            "figures": list(data.get("figures") or []),
            "households": self.households(),
        }


class EstablishmentForm(CheckedForm):
    check = staticmethod(services.halal.establishment_errors)

    class Meta:
        model = HalalEstablishment
        fields = [
            "name",
            "kind",
            "address",
            "grid",
            "licence_number",
            "licence_expires",
            "operator_name",
            "operator_ethnicity",
            "operator_phone",
            "opened_on",
            "closed_on",
            "notes",
        ]
        widgets = {
            "licence_expires": DATE,
            "opened_on": DATE,
            "closed_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["grid"].queryset = grids_for(access)
        self.fields["operator_ethnicity"].queryset = Ethnicity.objects.all()
        self.fields["operator_ethnicity"].widget = FastSelect(
            choices=self.fields["operator_ethnicity"].choices
        )


class InspectionForm(CheckedForm):
    check = staticmethod(services.halal.inspection_errors)

    def clean(self):
        data = super().clean()
        if data.get("result") == InspectionResult.PASSED:  # nothing to rectify: what was typed is dropped
            data.update(rectification="", rectification_due=None, rectified_on=None)
        return data

    class Meta:
        model = HalalInspection
        fields = [
            "establishment",
            "date",
            "inspectors",
            "departments",
            "findings",
            "result",
            "rectification",
            "rectification_due",
            "rectified_on",
        ]
        widgets = {
            "date": DATE,
            "rectification_due": DATE,
            "rectified_on": DATE,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "rectification": forms.Textarea(attrs={"rows": 2}),
            "result": forms.RadioSelect,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["establishment"].queryset = selectors.halal.establishment_choices(access)


class ComplaintForm(CheckedForm):
    check = staticmethod(services.halal.complaint_errors)

    class Meta:
        model = HalalComplaint
        fields = [
            "establishment",
            "received_on",
            "channel",
            "complainant",
            "complainant_phone",
            "summary",
            "handled_on",
            "result",
        ]
        widgets = {"received_on": DATE, "handled_on": DATE, "result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["establishment"].queryset = selectors.halal.establishment_choices(access)


class HonourForm(CheckedForm):
    picker_fields = ("household_member",)
    check = staticmethod(services.creation.honour_errors)

    class Meta:
        model = Honour
        fields = [
            "kind",
            "year",
            "level",
            "building",
            "unit",
            "workplace",
            "stage",
            "nominated_on",
            "assessed_on",
            "named_on",
            "revoked_on",
            "reason",
        ]
        widgets = {
            "nominated_on": DATE,
            "assessed_on": DATE,
            "named_on": DATE,
            "revoked_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["household_member"] = PickedResident(access, label=_("示范户（搜索户内任一居民）"))
        self.fields["building"].queryset = buildings_for(access)
        self.fields["unit"].queryset = units_for(access)
        self.fields["unit"].label_from_instance = lambda u: f"{u.building}{u}"
        self.fields["workplace"].queryset = selectors.units_for(access)
        for name in ("building", "unit", "workplace"):
            self.fields[name].widget = FastSelect(choices=self.fields[name].choices)
        self.fields["building"].help_text = _("创建类别为示范楼栋时选择")
        self.fields["unit"].help_text = _("创建类别为示范单元时选择")
        self.fields["workplace"].help_text = _("创建类别为示范单位时选择（先在“辖区单位”中登记）")
        self.order_fields(["kind", "year", "level", "household_member", "building", "unit", "workplace"])
        if self.instance.pk and self.instance.household_id and not self.is_bound:
            head = _household_head(self.instance.household)
            self.initial["household_member"] = head.pk if head else None

    def clean(self):
        member = self.cleaned_data.get("household_member")
        self.instance.household = member.household if member else None
        data = super().clean()
        data["household"] = self.instance.household  # not a field of the form: the service is handed it
        if "household" in self.errors or (data.get("kind") == HonourKind.HOUSEHOLD and member is None):
            self.errors.pop("household", None)
            if "household_member" not in self.errors:
                self.add_error("household_member", _("请搜索选择示范户中的一位居民。"))
        return data


class CommendationForm(CheckedForm):
    picker_fields = ("resident",)
    check = staticmethod(services.creation.commendation_errors)

    class Meta:
        model = Commendation
        fields = ["resident", "name", "title", "year", "level", "awarded_on", "awarded_by", "reason"]
        widgets = {"awarded_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["resident"] = PickedResident(access, label=_("受表彰居民"))
        self.fields["name"].help_text = _("不是本社区登记居民的，填写姓名")
        self.fields["title"].widget.attrs["list"] = "titles"
        self.titles = COMMENDATION_TITLES


class FacilityForm(CheckedForm):
    check = staticmethod(services.creation.facility_errors)

    class Meta:
        model = Facility
        fields = ["name", "kind", "location", "area_m2", "since", "until", "notes"]
        widgets = {"since": DATE, "until": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class FundingForm(CheckedForm):
    check = staticmethod(services.creation.funding_errors)

    class Meta:
        model = Funding
        fields = ["date", "amount", "source", "purpose", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class ReceiptForm(forms.Form):
    file = forms.FileField(label=_("票据"), help_text=_("PDF 或图片（JPG、PNG），不超过 10MB；文件不公开"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in RECEIPT_TYPES:
            raise ValidationError(_("只能上传 PDF、JPG 或 PNG 文件。"))
        return upload


class TrainingForm(CheckedForm):
    check = staticmethod(services.creation.training_errors)

    def check_extra(self) -> dict:
        return {"trainees": list(self.cleaned_data.get("trainees") or [])}

    class Meta:
        model = Training
        fields = [
            "date",
            "topic",
            "hours",
            "provider",
            "trainees",
            "other_trainees",
            "other_trainee_count",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["trainees"] = _staff_field(access, _("参训工作人员"), required=False)
