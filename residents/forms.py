"""Forms of the registry pages. Choices are always scoped to the user (grid workers: their grids)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.versioning import EditTokenMixin

from . import idnumber, rules
from .models import CATEGORIES, RESTRICTED_CATEGORIES, Household, Resident, ResidentStatus, Sex
from .selectors import buildings_for, compounds_for, grids_for, households_for, units_for

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

RESIDENT_FIELDS = [
    "name",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "phone",
    "household",
    "relation",
    "residence_type",
    "political_status",
    *[name for name, _label, _r in CATEGORIES],
    "moved_in_on",
    "notes",
]


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        number = f"（户编号 {obj.number}）" if obj.number else ""
        return f"{obj.grid.name} · {obj.address}{number}"


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (fields the form lacks: on the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


class ResidentForm(EditTokenMixin, forms.ModelForm):
    """All fields of a resident. The ID number fills in birth date and sex (static/js/residents_form.js);
    the values are checked by the rules the sheet import checks too (``residents/rules.py``), the registry
    (one ID number per community, one head per household) by :func:`residents.services.validate_resident`."""

    reason = forms.CharField(
        label=_("变更原因"),
        max_length=100,
        required=False,
        help_text=_("记入变更历史，如“户籍迁入”“信息更正”。"),
    )

    class Meta:
        model = Resident
        fields = RESIDENT_FIELDS
        widgets = {
            "birth_date": DATE_WIDGET,
            "moved_in_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "id_number": forms.TextInput(
                attrs={"autocomplete": "off", "maxlength": 18, "data-id-number": "1"}
            ),
        }
        help_texts = {
            "id_number": _("18位公民身份号码；填写后自动带出出生日期和性别。"),
            "birth_date": _("可留空，由身份证号码带出。"),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["household"] = HouseholdChoiceField(
            label=_("所属户"),
            queryset=households_for(access).order_by(
                "grid__number", "compound__name", "building__number", "door"
            ),
            required=access.grid_scoped,
            empty_label=_("（未分户）"),
        )
        self.fields["sex"].required = False
        self.fields["sex"].choices = [("", _("请选择（可由身份证号码带出）")), *Sex.choices]
        self.fields["birth_date"].required = False
        self.fields["ethnicity"].empty_label = _("请选择民族")
        # The rules' messages (residents/rules.py), the import's own words.
        self.fields["name"].error_messages["required"] = rules.NAME_REQUIRED
        for name in ("name", "phone"):
            self.fields[name].validators = []  # the length checks are the rules' (their messages)
        self.fields["ethnicity"].error_messages["required"] = rules.ETHNICITY_REQUIRED
        self.fields["id_number"].error_messages["required"] = rules.ID_NUMBER_REQUIRED
        if not access.has("residents.view_restricted"):
            for name in RESTRICTED_CATEGORIES:
                self.fields.pop(name, None)  # a narrower form (the floating register's) may lack it
        self.add_edit_token(self.instance)
        if self.instance._state.adding:
            self.fields["reason"].initial = _("新登记")
            if "moved_in_on" in self.fields:  # a subclass may leave it out (the floating register sets it)
                self.fields["moved_in_on"].initial = date.today()
                self.fields["moved_in_on"].help_text = _(
                    "默认为今天；在本社区登记更早的居民请填写其登记日期。"
                )
        else:
            # Editing never shows the full number (revealing it is a separate, audited action):
            # the field starts empty with the masked number as a hint; empty keeps the number.
            field = self.fields["id_number"]
            field.required = False
            field.widget.attrs["placeholder"] = idnumber.mask(self.instance.id_number)
            field.help_text = _("当前号码已隐藏；不修改请留空，如需更正请填写完整的18位号码。")
            self.initial["id_number"] = ""
            # The birth date completes a masked number: it is hidden the same way (empty keeps the date
            # the number holds).
            birth = self.fields["birth_date"]
            birth.widget = forms.DateInput(
                attrs={"placeholder": idnumber.mask_birth_date(self.instance.birth_date)}
            )
            birth.help_text = _("当前日期已隐藏（由身份证号码确定）；不修改请留空。")
            self.initial["birth_date"] = None

    def clean_name(self):
        name = self.cleaned_data.get("name", "")
        problems = rules.name_problems(name)
        if problems:
            raise ValidationError(problems)
        return name

    def clean_id_number(self):
        number = idnumber.normalize(self.cleaned_data.get("id_number"))
        if not number and not self.instance._state.adding:
            number = self.instance.id_number
        self._id_info, problems = rules.id_number(number)
        if problems:
            raise ValidationError(problems)
        return number

    def clean_phone(self):
        phone = rules.normalize_phone(self.cleaned_data.get("phone", ""))
        problems = rules.phone_problems(phone)
        if problems:
            raise ValidationError(problems)
        return phone

    def clean_moved_in_on(self):
        moved_in_on = self.cleaned_data.get("moved_in_on")
        problems = rules.registered_on_problems(moved_in_on, today=date.today())
        if problems:
            raise ValidationError(problems)
        return moved_in_on

    def clean(self):
        data = super().clean()
        info = getattr(self, "_id_info", None)
        if info is not None:
            if not data.get("birth_date") and "birth_date" not in self.errors:
                data["birth_date"] = info.birth_date
            if not data.get("sex") and "sex" not in self.errors:
                data["sex"] = info.sex
        for field, problems in (
            ("birth_date", rules.birth_date_problems(info, data.get("birth_date"), today=date.today())),
            ("sex", rules.sex_problems(info, data.get("sex"))),
        ):
            if field not in self.errors:
                for problem in problems:
                    self.add_error(field, problem)
        if info is None and "id_number" not in self.errors and not data.get("sex"):
            self.add_error("sex", _("请选择性别。"))
        return data

    def validate_unique(self):
        # Uniqueness (one ID number per community) is checked, in Chinese, by the service.
        pass

    def _post_clean(self):
        # The service runs full_clean() on the real instance; the form only checks its own fields.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("reason", "edit_token")}


class StatusForm(forms.Form):
    """Record a move-out or a death (or a return to the register)."""

    status = forms.ChoiceField(label=_("人员状态"), choices=ResidentStatus.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE_WIDGET)
    reason = forms.CharField(label=_("原因"), max_length=100, required=False)

    def __init__(self, *args, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in ResidentStatus.choices if c[0] != resident.status]
        self.fields["on"].initial = date.today()

    def clean(self):
        data = super().clean()
        for problem in rules.status_date_problems(data.get("status"), data.get("on"), today=date.today()):
            self.add_error("on", problem)
        return data


class ParentSelect(forms.Select):
    """A select whose options carry ``data-parent`` (the pk of the level above)."""

    def __init__(self, *, parent, label=None, **kwargs):
        super().__init__(**kwargs)
        self.parent = parent
        self.label = label

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.parent, copy.label = self.parent, self.label
        return copy

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = self.parent(instance)
            if self.label is not None:
                option["label"] = self.label(instance)
        return option


class HouseholdForm(forms.ModelForm):
    """A household at an address of the grid tree: 网格 → 小区 → 楼栋 → 单元 (static/js/residents_household.js
    narrows each select to the options under the level above)."""

    class Meta:
        model = Household
        fields = ["grid", "compound", "building", "unit", "door", "number", "notes"]
        widgets = {
            # A compound spanning grids is offered under each of its grids (space-separated).
            "compound": ParentSelect(parent=lambda o: o.grid_ids, attrs={"data-parent": "grid"}),
            "building": ParentSelect(parent=lambda o: o.compound_id, attrs={"data-parent": "compound"}),
            "unit": ParentSelect(
                parent=lambda o: o.building_id,
                label=lambda o: f"{o.building}{o}",
                attrs={"data-parent": "building"},
            ),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "number": _("本社区内唯一；留空则自动生成（社区代码加序号，如 HLS-00001）。"),
            "door": _("如 301。"),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = access.community
        self.fields["grid"].queryset = grids_for(access).order_by("number")
        self.fields["grid"].empty_label = _("请选择网格")
        self.fields["compound"].queryset = (
            compounds_for(access).prefetch_related("buildings").order_by("name")
        )
        self.fields["building"].queryset = buildings_for(access).order_by("compound__name", "number")
        self.fields["unit"].queryset = units_for(access).order_by("building__number", "number")
        for name in ("compound", "building", "unit"):
            self.fields[name].empty_label = _("（无）")

    def clean(self):
        data = super().clean()
        grid, compound, building, unit = (data.get(k) for k in ("grid", "compound", "building", "unit"))
        if compound and grid and str(grid.pk) not in compound.grid_ids.split():
            self.add_error("compound", _("所选小区不在该网格内。"))
        if building and compound and building.compound_id != compound.pk:
            self.add_error("building", _("所选楼栋不属于该小区。"))
        elif building and grid and (building.grid_id or building.compound.grid_id) != grid.pk:
            self.add_error("building", _("所选楼栋不在该网格内（小区跨网格时，请选择该楼所在的网格）。"))
        if building and not compound:
            self.add_error("compound", _("选择楼栋前请先选择小区。"))
        if unit and building and unit.building_id != building.pk:
            self.add_error("unit", _("所选单元不属于该楼栋。"))
        if unit and not building:
            self.add_error("building", _("选择单元前请先选择楼栋。"))
        return data

    def validate_unique(self):
        number = self.cleaned_data.get("number")
        if number and Household.objects.filter(community=self.instance.community, number=number).exists():
            self.add_error("number", _("本社区已有该户编号。"))
