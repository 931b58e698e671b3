from django import forms
from django.utils.translation import gettext_lazy as _

from .reader import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    register = forms.ChoiceField(
        label=_("表格类型"),
        choices=[("residents", _("居民信息表")), ("floating", _("流动人口登记表（含来此日期、户籍地等列）"))],
        initial="residents",
        widget=forms.RadioSelect,
        required=False,
    )
    file = forms.FileField(
        label=_("居民信息表"),
        help_text=_("Excel（.xlsx）或 CSV（UTF-8/GBK）文件，不超过 %(mb)s MB。表头可在标题行之下。")
        % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("跳过被拒绝的行，只导入合格的行（默认：有一行不合格则全部不导入）"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只接受 Excel（.xlsx）或 CSV 文件；旧版 .xls 请先另存为 .xlsx。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件过大，上限为 %(mb)s MB。") % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload


class ConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(label=_("跳过被拒绝的行，只导入合格的行"), required=False)
