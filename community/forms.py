from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChinesePasswordChangeForm(PasswordChangeForm):
    """Records when the password was changed (the 90-day rule reads it)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.password_changed_at = timezone.now()
        if commit:
            user.save()
        return user


class CommunityProfileForm(forms.ModelForm):
    """The profile a community's staff and secretary keep; an empty field stays unrecorded (not 0)."""

    class Meta:
        from .models import Community

        model = Community
        fields = Community.PROFILE_FIELDS
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "boundary": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "staff_civil_servants": _("未填写的项目在报告中略去，不会写成“0名”；确实没有请填 0。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("area_km2", "office_cost_10k_yuan", "office_area_m2"):  # the error beside its field
            self.fields[name].validators.append(MinValueValidator(0, _("不能为负数。")))
            self.fields[name].widget.attrs["min"] = 0
