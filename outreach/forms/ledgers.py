"""Forms of the outreach ledgers. Every choice of a resident, grid or partner is scoped by the
user's access; residents are picked with a search-and-add picker (``_picker.html``), never a
select listing the whole registry."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community import filetypes
from community.models import User
from community.versioning import EditTokenMixin
from residents.selectors import grids_for, households_for, residents_for

from .. import selectors
from ..models import (
    DUTY_PURPOSES,
    OCCASIONS,
    Agreement,
    Dispute,
    Duty,
    Event,
    EventType,
    JurisdictionUnit,
    MemberRole,
    Organisation,
    OrganisationKind,
    PlanItem,
    PlanItemKind,
    Propaganda,
    Visit,
    VisitPurpose,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AGREEMENT_MAX_BYTES = 10 * 1024 * 1024


class PickedResidents(forms.ModelMultipleChoiceField):
    """Residents chosen in the picker; rendered by the template, never as a full select."""

    widget = forms.MultipleHiddenInput

    def __init__(self, access, **kwargs):
        super().__init__(queryset=residents_for(access), required=False, **kwargs)
        self.error_messages = {**self.error_messages, "invalid_choice": _("所选居民不在您的管辖范围内。")}


class PickedResident(forms.ModelChoiceField):
    widget = forms.HiddenInput

    def __init__(self, access, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=residents_for(access), **kwargs)
        self.error_messages = {**self.error_messages, "invalid_choice": _("所选居民不在您的管辖范围内。")}


class AccessForm(EditTokenMixin, forms.ModelForm):
    """A model form that knows the user's access (to scope its choices); editing an existing record, it
    carries the record's edit token (community.versioning: no concurrent edit is overwritten)."""

    picker_fields: tuple[str, ...] = ()

    def __init__(self, *args, access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)
        self.add_edit_token(self.instance)

    def picked(self, name: str) -> list:
        """The residents currently chosen in picker ``name`` (after a failed POST too)."""
        field = self.fields[name]
        if self.is_bound:
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            raw = [value for value in raw if value]
            try:
                return list(field.queryset.filter(pk__in=raw))
            except ValidationError:
                return []
        value = self.initial.get(name)
        if value is None:
            return []
        if isinstance(field, forms.ModelMultipleChoiceField):
            return list(value) if not hasattr(value, "all") else list(value.all())
        return list(field.queryset.filter(pk=getattr(value, "pk", value)))


def plan_item_field(form, *, kinds: dict) -> None:
    """Offer the open items of the community's plans (last, this and next year) that a record of this kind
    carries out; the item already chosen stays offered. ``form.plan_items`` feeds the suggestion script
    (static/js/plan_suggest.js: by type or purpose, and month)."""
    this_year = date.today().year
    items = selectors.plans.open_items(form.access.community, range(this_year - 1, this_year + 2))
    condition = None
    for kind, extra in kinds.items():
        q = Q(kind=kind, **extra)
        condition = q if condition is None else condition | q
    items = items.filter(condition)
    if form.instance.plan_item_id:
        items = items | PlanItem.objects.filter(pk=form.instance.plan_item_id).select_related(
            "plan", "event_type"
        )
    field = form.fields["plan_item"]
    field.queryset = items
    field.label_from_instance = lambda item: f"{item.plan.year}年计划：{item.label}"
    field.empty_label = _("（计划外）")
    form.plan_items = [
        {
            "id": i.pk,
            "year": i.plan.year,
            "month": i.month,
            "type": i.event_type_id,
            "purpose": DUTY_PURPOSES.get(i.duty, ""),
        }
        for i in items
    ]


class EventForm(AccessForm):
    picker_fields = ("participants",)

    class Meta:
        model = Event
        fields = [
            "type",
            "occasion",
            "title",
            "date",
            "status",
            "place",
            "organiser",
            "religious_site",
            "partner_unit",
            "partner_team",
            "plan_item",
            "description",
            "other_participants",
            "participants",
            "religious_figures",
        ]
        widgets = {
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "religious_figures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["participants"] = PickedResidents(access, label=_("参加居民"))
        self.fields["type"].queryset = EventType.objects.all()
        self.fields["occasion"].widget.attrs["list"] = "occasions"
        self.fields["occasion"].help_text = _("节日活动必填，可选择或输入，如：春节、开斋节、古尔邦节")
        self.fields["religious_site"].queryset = selectors.sites_for(access)
        self.fields["partner_unit"].queryset = selectors.units_for(access)
        self.fields["partner_team"].queryset = selectors.organisations_for(access).exclude(
            kind=OrganisationKind.LEADING_GROUP
        )
        self.fields["religious_figures"].queryset = selectors.liaison.figures_for(access).filter(
            left_on__isnull=True
        )
        self.fields["religious_figures"].label_from_instance = lambda f: f"{f.name}（{f.site.name}）"
        self.occasions = OCCASIONS
        plan_item_field(
            self,
            kinds={PlanItemKind.ACTIVITY: {}, PlanItemKind.DUTY: {"duty__in": [Duty.PARTY, Duty.TRAINING]}},
        )


class PropagandaForm(AccessForm):
    class Meta:
        model = Propaganda
        fields = ["date", "subject", "event", "banners", "boards", "leaflets", "quizzes", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["event"].queryset = selectors.events_for(access).order_by("-date")[:200]
        self.fields["event"].help_text = _("与某次活动一同发放的宣传品请选择该活动，单独开展的宣传留空")

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("banners", "boards", "leaflets", "quizzes")):
            raise ValidationError(_("请至少填写一项宣传品数量。"))
        return data


class VisitForm(AccessForm):
    picker_fields = ("resident",)
    whole_household = forms.BooleanField(
        label=_("走访全户"), required=False, help_text=_("勾选后记为对该户的走访")
    )

    class Meta:
        model = Visit
        fields = [
            "resident",
            "household",
            "date",
            "purpose",
            "visitors",
            "other_visitors",
            "plan_item",
            "notes",
            "follow_up",
        ]
        widgets = {
            "date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "visitors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["resident"] = PickedResident(access, label=_("走访对象"))
        self.fields["household"] = forms.ModelChoiceField(
            queryset=households_for(access), required=False, widget=forms.HiddenInput
        )
        self.fields["visitors"].queryset = (
            User.objects.filter(memberships__community=access.community, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["visitors"].label_from_instance = lambda user: user.display_name
        self.order_fields(["resident", "whole_household", "household"])
        plan_item_field(self, kinds={PlanItemKind.DUTY: {"duty__in": list(DUTY_PURPOSES)}})
        if not selectors.can_see_restricted(access):
            self.fields["purpose"].choices = [
                c for c in VisitPurpose.choices if c[0] != VisitPurpose.CORRECTION
            ]

    def picked_household(self):
        if self.is_bound:
            value = self.data.get("household")
        else:
            value = getattr(self.initial.get("household"), "pk", self.initial.get("household"))
        if not value:
            return None
        try:
            return self.fields["household"].queryset.filter(pk=value).first()
        except ValidationError:
            return None

    def clean(self):
        data = super().clean()
        resident, household = data.get("resident"), data.get("household")
        if resident is None and household is None:
            # On the field, so the model's "has a target" constraint is not checked again (its message is
            # internal) and the person sees one Chinese sentence where they choose the person.
            if "resident" not in self.errors:
                self.add_error("resident", _("请搜索并选择走访对象（居民或户）。"))
            return data
        if resident is not None and data.get("whole_household"):
            data["household"], data["resident"] = resident.household, None
            self.instance.resident = None
        if data.get("purpose") == VisitPurpose.CORRECTION and not selectors.can_see_restricted(self.access):
            raise ValidationError(_("您无权登记帮教走访。"))
        return data


class AgreementForm(AccessForm):
    class Meta:
        model = Agreement
        fields = ["resident", "signed_on", "term_start", "term_end", "guardian", "file", "notes"]
        widgets = {
            "signed_on": DATE,
            "term_start": DATE,
            "term_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["resident"].queryset = selectors.correction_residents_for(access)
        # Private files have no URL: the stored scan is opened through agreement_file, never linked here.
        self.fields["file"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        self.fields["file"].help_text = _(
            "PDF 或图片（JPG、PNG），不超过 10MB；文件不公开，仅有权限的人员可查看"
        )

    def clean_file(self):
        """A PDF, JPG or PNG by its first bytes (its name may lie); stored under the suffix of what it is."""
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            if upload.size > AGREEMENT_MAX_BYTES:
                raise ValidationError(_("文件不能超过 10MB。"))
            kind = filetypes.sniff(upload)
            if kind is None:
                raise ValidationError(_("只能上传 PDF、JPG 或 PNG 文件（按文件内容判断，不看扩展名）。"))
            upload.name = f"agreement{kind[1]}"  # the stored name comes from the content, not the sender
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("期限止不能早于期限起。"))
        return data


class DisputeForm(AccessForm):
    picker_fields = ("parties",)

    class Meta:
        model = Dispute
        fields = [
            "received_on",
            "summary",
            "category",
            "parties",
            "other_parties",
            "is_petition",
            "deadline",
            "handler",
            "status",
            "settled_level",
            "resolution",
            "closed_on",
        ]
        widgets = {
            "received_on": DATE,
            "deadline": DATE,
            "closed_on": DATE,
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["parties"] = PickedResidents(access, label=_("当事居民"))
        self.fields["other_parties"].help_text = _("未在居民库登记的当事人，如物业公司、外来人员")
        self.fields["deadline"].help_text = _("默认为受理之日起30天；留空按30天计")


class OrganisationForm(AccessForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "grid",
            "head_name",
            "head_phone",
            "unregistered_members",
            "founded_on",
            "description",
            "is_active",
            "dissolved_on",
        ]
        widgets = {"founded_on": DATE, "dissolved_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["grid"].queryset = grids_for(access)


class MemberForm(forms.Form):
    resident = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名（未登记居民）"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("职务"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    title = forms.CharField(label=_("身份/单位职务"), max_length=60, required=False)
    since = forms.DateField(
        label=_("加入日期"), required=False, widget=DATE, error_messages={"invalid": _("请输入正确的日期。")}
    )

    def __init__(self, *args, access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = date.today()

    def clean_resident(self):
        pk = self.cleaned_data.get("resident")
        if pk is None:
            return None
        resident = residents_for(self.access).filter(pk=pk).first()
        if resident is None:
            raise ValidationError(_("所选居民不在您的管辖范围内。"))
        return resident

    def clean(self):
        data = super().clean()
        if not data.get("resident") and not (data.get("name") or "").strip():
            raise ValidationError(_("请搜索选择居民，或填写未登记成员的姓名。"))
        return data


class UnitForm(AccessForm):
    class Meta:
        model = JurisdictionUnit
        fields = ["name", "kind", "address", "contact_name", "contact_phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
