"""HTML → PDF with WeasyPrint, refusing to print without a CJK font (it would print empty boxes)."""

import shutil
import subprocess
from functools import cache

from django.template.loader import render_to_string

from .exporters.base import ExportError

CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC")


@cache
def cjk_fonts() -> tuple[str, ...]:
    """Families installed for Chinese (fontconfig), e.g. ('Noto Serif CJK SC', ...)."""
    if not shutil.which("fc-list"):
        return ()
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20)  # noqa: S603,S607
    families = set()
    for line in result.stdout.splitlines():
        families.update(name.strip() for name in line.split(","))
    return tuple(sorted(f for f in families if f))


def require_cjk_font() -> None:
    if not cjk_fonts():
        raise ExportError("服务器未安装中文字体，无法生成 PDF（请安装 fonts-noto-cjk）。")


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` to PDF bytes."""
    from weasyprint import HTML

    require_cjk_font()
    html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf()
