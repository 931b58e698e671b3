"""The exporter registry (after pretix's ``base/exporter.py``).

Each report is a :class:`~reports.exporters.base.Exporter` subclass registered with ``@register``:
an identifier, a Chinese name, the permission it needs, a form, and ``render(form_data)`` returning
``(filename, content_type, bytes)``. Form data holds plain values only (codes, years, ISO dates), so
any generation can move to a background worker.
"""

from .base import Exporter, ExportError

_REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.identifier in _REGISTRY:
        raise ValueError(f"exporter {cls.identifier!r} registered twice")
    _REGISTRY[cls.identifier] = cls
    return cls


def get_exporter(identifier: str) -> type[Exporter]:
    _load()
    try:
        return _REGISTRY[identifier]
    except KeyError:
        raise ExportError(f"未知的报告：{identifier}") from None


def all_exporters(scope: str | None = None) -> list[type[Exporter]]:
    _load()
    return [cls for cls in _REGISTRY.values() if scope is None or cls.scope == scope]


def _load():
    from . import community_reports, street_rollup  # noqa: F401  (registration happens on import)


__all__ = ["Exporter", "ExportError", "register", "get_exporter", "all_exporters"]
