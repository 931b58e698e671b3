"""HTML → PDF with WeasyPrint, refusing to print without a CJK font (it would print empty boxes)."""

import shutil
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from .exporters.base import ExportError


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


FONT_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def _allowed_roots() -> list[Path]:
    """The portal's own static files and the system's fonts: the only files a PDF may read."""
    roots = [Path(settings.STATIC_ROOT), *FONT_ROOTS]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    return [root.resolve() for root in roots]


def portal_url_fetcher():
    """WeasyPrint's URL fetcher that refuses everything but ``data:`` and the portal's own files.

    Report text comes from the ledgers (a community's name, narratives): should any of it smuggle a URL
    into the document, the renderer must not fetch it — no loopback service, no other host, no file
    outside the static folders and fonts. A refused resource is left out (WeasyPrint logs a warning).
    """
    # Kept lazy on purpose: WeasyPrint (and Pango under it) loads only when a PDF is made.
    from weasyprint.urls import URLFetcher

    class PortalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in _allowed_roots()) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"PDF resource refused: {url[:80]}")

    return PortalURLFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` to PDF bytes (resources only through :func:`portal_url_fetcher`)."""
    # Kept lazy on purpose: WeasyPrint (and Pango under it) loads only when a PDF is made.
    from weasyprint import HTML

    require_cjk_font()
    html = render_to_string(template, context)
    return HTML(string=html, base_url=None, url_fetcher=portal_url_fetcher()).write_pdf()
