"""The exporter registry (after pretix's ``base/exporter.py``).

Each report is a :class:`~reports.exporters.base.Exporter` subclass registered with ``@register``:
an identifier, a Chinese name, the permission it needs, a form, and ``render(form_data)`` returning
``(filename, content_type, bytes)``. Form data holds plain values only (codes, years, ISO dates), so
any generation can move to a background worker.
"""

from . import community_reports, street_rollup  # noqa: F401  (their exporters register on import)
from .base import REGISTRY, Exporter, ExportError, register


def get_exporter(identifier: str) -> type[Exporter]:
    try:
        return REGISTRY[identifier]
    except KeyError:
        raise ExportError(f"未知的报告：{identifier}") from None


def all_exporters(scope: str | None = None) -> list[type[Exporter]]:
    return [cls for cls in REGISTRY.values() if scope is None or cls.scope == scope]


__all__ = ["Exporter", "ExportError", "register", "get_exporter", "all_exporters"]
