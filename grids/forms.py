"""Forms for drawing the grid tree and assigning the people of the five-in-one chain.

Uniqueness inside a parent (a grid's 片格 and 小区, a 小区's 楼栋, a 楼栋's 单元) is checked here with a
Chinese message: the parent is not a form field, so ModelForm's own constraint check would skip it.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.models import Membership, Role, User

from .models import Building, Compound, Grid, OwnersCommittee, SubGrid, Unit

# A mobile number (11 digits from 1), or a landline with or without its area code and extension.
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?)$")


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("请输入正确的电话号码：11位手机号，或固定电话（如 0931-8123456）。"), code="phone"
        )


def clean_phone(form: forms.Form, field: str) -> str:
    value = re.sub(r"\s+", "", form.cleaned_data.get(field) or "")
    validate_phone(value)
    return value


def _strip(form: forms.Form, field: str) -> str:
    return (form.cleaned_data.get(field) or "").strip()


class _InParent:
    """Refuses a name or number already used by a sibling under the same parent."""

    parent_field: str
    unique_field: str
    duplicate_message: str

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        setattr(self.instance, self.parent_field, parent)

    def clean(self):
        data = super().clean()
        value = (data.get(self.unique_field) or "").strip()
        if value:
            data[self.unique_field] = value
            siblings = self._meta.model.objects.filter(
                **{self.parent_field: self.parent, self.unique_field: value}
            ).exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error(
                    self.unique_field, self.duplicate_message.format(value=value, parent=self.parent)
                )
        return data


def _person_pair(form: forms.Form, name_field: str, phone_field: str, label: str) -> None:
    """A phone number without the person it belongs to is refused."""
    if form.cleaned_data.get(phone_field) and not form.cleaned_data.get(name_field):
        form.add_error(name_field, _("填写了电话，请同时填写%(label)s的姓名。") % {"label": label})


class GridForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = ["number", "name", "cadre", "cadre_name", "cadre_phone", "workers"]
        widgets = {"workers": forms.CheckboxSelectMultiple}
        help_texts = {
            "cadre": _("从本社区的社区干部、书记中选择；未开通账号的干部请填写下方姓名。"),
            "workers": _("本社区的网格员；网格员只能查看和维护自己负责的网格。"),
        }
        error_messages = {
            "number": {"required": _("请填写网格编号。")},
            "name": {"required": _("请填写网格名称。")},
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(community=community)
        self.fields["cadre"].queryset = User.objects.filter(
            pk__in=members.filter(role__in=[Role.STAFF, Role.SECRETARY]).values("user")
        ).order_by("username")
        self.fields["cadre"].label_from_instance = lambda u: u.display_name
        self.fields["cadre"].empty_label = _("（不选择账号）")
        self.fields["workers"].queryset = User.objects.filter(
            pk__in=members.filter(role=Role.GRID_WORKER).values("user")
        ).order_by("username")
        self.fields["workers"].label_from_instance = lambda u: u.display_name
        self.community = community

    def clean_name(self):
        return _strip(self, "name")

    def clean_cadre_name(self):
        return _strip(self, "cadre_name")

    def clean_cadre_phone(self):
        return clean_phone(self, "cadre_phone")

    def clean(self):
        data = super().clean()
        for field, message in (
            ("number", _("本社区已有编号为 %(value)s 的网格。")),
            ("name", _("本社区已有名为“%(value)s”的网格。")),
        ):
            value = data.get(field)
            clash = Grid.objects.filter(community=self.community, **{field: value}).exclude(
                pk=self.instance.pk
            )
            if value not in (None, "") and clash.exists():
                self.add_error(field, message % {"value": value})
        if data.get("cadre") and data.get("cadre_name"):
            self.add_error(
                "cadre_name", _("已选择干部账号，请清空此处姓名；未开通账号的干部才填写姓名。二者只填一项。")
            )
        if data.get("cadre_phone") and not (data.get("cadre") or data.get("cadre_name")):
            self.add_error("cadre_name", _("填写了电话，请同时选择干部账号或填写干部姓名。"))
        return data


class SubGridForm(_InParent, forms.ModelForm):
    parent_field = "grid"
    unique_field = "name"
    duplicate_message = _("{parent}已有名为“{value}”的片格。")

    class Meta:
        model = SubGrid
        fields = ["name", "leader_name", "leader_phone"]
        error_messages = {"name": {"required": _("请填写片格名称。")}}

    def clean_leader_name(self):
        return _strip(self, "leader_name")

    def clean_leader_phone(self):
        return clean_phone(self, "leader_phone")

    def clean(self):
        data = super().clean()
        _person_pair(self, "leader_name", "leader_phone", _("片格长"))
        return data


class CompoundForm(_InParent, forms.ModelForm):
    parent_field = "grid"
    unique_field = "name"
    duplicate_message = _("{parent}已有名为“{value}”的小区。")

    class Meta:
        model = Compound
        fields = ["name", "subgrid", "property_company", "property_manager", "property_manager_phone"]
        error_messages = {"name": {"required": _("请填写小区名称。")}}
        help_texts = {"property_manager": _("物业经理包小区：负责本小区的物业经理。无物业的小区可留空。")}

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["subgrid"].queryset = SubGrid.objects.filter(grid=parent)
        self.fields["subgrid"].empty_label = _("（不属于片格）")

    def clean_property_manager(self):
        return _strip(self, "property_manager")

    def clean_property_manager_phone(self):
        return clean_phone(self, "property_manager_phone")

    def clean(self):
        data = super().clean()
        _person_pair(self, "property_manager", "property_manager_phone", _("物业经理"))
        name = data.get("name")
        if name and "name" not in self.errors:
            # A 小区 is one place in its community, whichever grids its buildings fall in.
            other = (
                Compound.objects.filter(community=self.parent.community_id, name=name)
                .exclude(pk=self.instance.pk)
                .select_related("grid")
                .first()
            )
            if other is not None:
                self.add_error(
                    "name",
                    _(
                        "本社区已有名为“%(name)s”的小区（%(grid)s）。小区跨网格时，请在该小区下新增楼栋并选择其所在网格。"
                    )
                    % {"name": name, "grid": other.grid.name},
                )
        return data


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = OwnersCommittee
        fields = ["name", "chair_name", "chair_phone", "members", "elected_on"]
        widgets = {
            "elected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "members": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "chair_name": _("业主委员会包楼长：由主任对接各楼楼长。"),
            "members": _("成员姓名，用顿号分隔。"),
        }
        error_messages = {"elected_on": {"invalid": _("请输入正确的日期，如 2024-03-28。")}}

    parent_field = "compound"

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.instance.compound = parent
        if not self.instance.pk:
            self.initial.setdefault("name", f"{parent.name}业主委员会")

    def clean_chair_name(self):
        return _strip(self, "chair_name")

    def clean_chair_phone(self):
        return clean_phone(self, "chair_phone")

    def clean_elected_on(self):
        value = self.cleaned_data.get("elected_on")
        if value and value > datetime.date.today():
            raise ValidationError(_("选举日期不能晚于今天。"))
        return value

    def clean(self):
        data = super().clean()
        _person_pair(self, "chair_name", "chair_phone", _("业委会主任"))
        return data


class BuildingForm(_InParent, forms.ModelForm):
    parent_field = "compound"
    unique_field = "number"
    duplicate_message = _("{parent}已有楼号为“{value}”的楼栋。")

    class Meta:
        model = Building
        fields = ["number", "grid", "head_name", "head_phone"]
        error_messages = {"number": {"required": _("请填写楼号。")}}
        help_texts = {"number": _("只填号码即可，如“3”显示为“3号楼”。"), "head_name": _("楼长包单元长。")}

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["grid"].queryset = Grid.objects.filter(community=parent.community_id).order_by("number")
        self.fields["grid"].empty_label = _("与小区相同（%(grid)s）") % {"grid": parent.grid.name}
        if self.instance.pk and self.instance.grid_id is None:
            self.initial["grid"] = None

    def clean_grid(self):
        grid = self.cleaned_data.get("grid")
        return None if grid is not None and grid.pk == self.parent.grid_id else grid

    def clean_number(self):
        return _strip(self, "number").removesuffix("号楼")

    def clean_head_name(self):
        return _strip(self, "head_name")

    def clean_head_phone(self):
        return clean_phone(self, "head_phone")

    def clean(self):
        data = super().clean()
        _person_pair(self, "head_name", "head_phone", _("楼长"))
        return data


class UnitForm(_InParent, forms.ModelForm):
    parent_field = "building"
    unique_field = "number"
    duplicate_message = _("{parent}已有“{value}”单元。")

    class Meta:
        model = Unit
        fields = ["number", "head_name", "head_phone"]
        error_messages = {"number": {"required": _("请填写单元号。")}}
        help_texts = {"number": _("只填号码即可，如“2”显示为“2单元”。"), "head_name": _("单元长包家长。")}

    def clean_number(self):
        return _strip(self, "number").removesuffix("单元")

    def clean_head_name(self):
        return _strip(self, "head_name")

    def clean_head_phone(self):
        return clean_phone(self, "head_phone")

    def clean(self):
        data = super().clean()
        _person_pair(self, "head_name", "head_phone", _("单元长"))
        return data
