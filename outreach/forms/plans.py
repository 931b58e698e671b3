"""Forms of the plan ledger: an item (with the reason of an amendment), a withdrawal, an import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from residents.transfer.reader import REQUEST_MAX_BYTES, FileRefused, check_request_size

from .. import services
from ..models import OCCASIONS, EventType, PlanItem
from .registers import CheckedForm

__all__ = ["PlanImportForm", "PlanItemForm", "WithdrawForm"]

MONTHS = [("", "—"), *[(m, f"{m}月") for m in range(1, 13)]]


class PlanItemForm(CheckedForm):
    """An item of a plan; in an approved plan a change needs ``reason`` (the amendment's)."""

    check = staticmethod(lambda item, community: services.plans.item_errors(item))

    reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        max_length=200,
        help_text=_("计划已批准：增加、调整项目须说明原因，记入变更记录"),
    )

    class Meta:
        model = PlanItem
        fields = [
            "kind",
            "month",
            "event_type",
            "occasion",
            "duty",
            "target",
            "title",
            "quantity",
            "notes",
            "shortfall",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, access=access, **kwargs)
        self.fields["month"] = forms.TypedChoiceField(
            label=_("月份"),
            choices=MONTHS,
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("活动所在月份；常规工作留空表示每月，或选择某一月份"),
        )
        self.fields["event_type"].queryset = EventType.objects.all()
        self.fields["occasion"].widget.attrs["list"] = "occasions"
        self.fields["occasion"].help_text = _("节日活动必填，如：春节、开斋节、古尔邦节")
        self.occasions = OCCASIONS
        plan = self.instance.plan
        if not plan.is_approved:
            del self.fields["reason"]
        if self.instance.pk is None:
            del self.fields["shortfall"]

    def clean(self):
        data = super().clean()
        if "reason" in self.fields and not (data.get("reason") or "").strip() and self.has_changed():
            planned = set(self.changed_data) - {"shortfall", "reason", "edit_token"}
            if planned or self.instance.pk is None:
                self.add_error("reason", _("计划已批准，修改须填写变更原因。"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), required=False, max_length=200)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = plan.is_approved
        self.fields["reason"].error_messages["required"] = _("计划已批准，取消项目须填写原因。")


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("计划表格"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Excel（.xlsx），不超过 %(kb)s KB；表头见下方说明") % {
            "kb": REQUEST_MAX_BYTES // 1024
        }

    def clean_file(self):
        # Read during the request (there is no background job for it): bounded like every request-time read.
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("只接受 Excel（.xlsx）文件；旧版 .xls 请在 Excel 中“另存为”.xlsx。")
            )
        try:
            check_request_size(upload.size)
        except FileRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
