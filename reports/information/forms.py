from datetime import timedelta

from django import forms
from django.utils import timezone

from community import filetypes
from outreach.models import Event, Organisation
from residents.models import Resident

from ..models import InformationReport
from .services import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to ATTACHMENTS_MAX files, each a PDF, JPG or PNG by its first bytes, at most 10MB.
    Cleans to a list of (upload, content type, suffix)."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > ATTACHMENTS_MAX:
            raise forms.ValidationError(f"一次最多上传{ATTACHMENTS_MAX}个附件。")
        out = []
        for upload in uploads:
            if upload.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(f"附件“{upload.name}”超过 10MB。")
            kind = filetypes.sniff(upload)
            if kind is None:
                raise forms.ValidationError(
                    f"附件“{upload.name}”不是 PDF、JPG 或 PNG 文件（按文件内容判断，不看扩展名）。"
                )
            out.append((upload, kind[0], kind[1]))
        return out


class InformationForm(forms.ModelForm):
    picker_fields = ("residents",)
    files = FilesField(
        label="附件", required=False, help_text="PDF 或图片（JPG、PNG），每个不超过 10MB，最多5个；文件不公开"
    )

    class Meta:
        model = InformationReport
        fields = [
            "category",
            "urgency",
            "title",
            "occurred_on",
            "informant",
            "text",
            "residents",
            "organisations",
            "events",
        ]
        widgets = {
            "occurred_on": DATE,
            "text": forms.Textarea(attrs={"rows": 6}),
            "organisations": forms.SelectMultiple(attrs={"size": 4, "class": "form-select"}),
            "events": forms.SelectMultiple(attrs={"size": 4, "class": "form-select"}),
        }
        error_messages = {
            "title": {"required": "请填写标题。"},
            "text": {"required": "请填写内容。"},
            "informant": {"required": "请填写信息员姓名。"},
            "occurred_on": {"required": "请填写发生日期。", "invalid": "请按“年-月-日”填写日期。"},
            "category": {"required": "请选择类别。"},
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = Resident.objects.filter(community=community).select_related(
            "ethnicity"
        )
        self.fields["organisations"].queryset = Organisation.objects.filter(community=community).order_by(
            "name"
        )
        since = timezone.localdate() - timedelta(days=365)
        self.fields["events"].queryset = Event.objects.filter(community=community, date__gte=since).order_by(
            "-date"
        )
        self.fields["events"].label_from_instance = lambda e: f"{e.date:%Y-%m-%d} {e.title}"
        for name in ("residents", "organisations", "events"):
            self.fields[name].required = False

    def picked(self, name: str) -> list:
        field = self.fields[name]
        if self.is_bound:
            raw = [v for v in self.data.getlist(name) if v.isdigit()] if hasattr(self.data, "getlist") else []
            return list(field.queryset.filter(pk__in=raw))
        return []

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("发生日期不能晚于今天。")
        return value


class StepForm(forms.Form):
    text = forms.CharField(
        label="内容",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "内容不超过5000字。"},
    )
    files = FilesField(label="附件", required=False)
