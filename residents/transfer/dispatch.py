"""Which import reads which kind of sheet: above both importers (the floating register's builds on the
residents'), so that neither imports the other's caller. Another app's import (welfare's) is named on its
AppConfig and runs as a :class:`~residents.models.TransferJob` like these."""

from collections.abc import Callable

from django.apps import apps
from django.utils.module_loading import import_string

from ..floating.importer import floating_import
from .importer import residents_import
from .reader import FileRefused

REGISTERS = ("residents", "floating")  # the sheets of the residents' import pages (transfer/views.py)
NOT_A_RESIDENTS_SHEET = "该文件不是在本页上传的居民表，请在本页重新上传。"


def importer_for(register: str) -> Callable:
    """The import of a kind of sheet: the residents' or the 流动人口登记表 (same pipeline, more columns).

    Uploads are kept for every import (``uploads.py``); one kept for another register (the welfare
    import's) is refused here rather than read as a residents' sheet."""
    if register == "floating":
        return floating_import
    if register != "residents":
        raise FileRefused(NOT_A_RESIDENTS_SHEET)
    return residents_import


def _app_importer(register: str) -> dict | None:
    """Another app's import, named on its AppConfig (``importers``: register → {"run": dotted path of a
    function taking ``residents_import``' arguments, "permission": who may import}): residents imports no
    other app."""
    for config in apps.get_app_configs():
        entry = getattr(config, "importers", {}).get(register)
        if entry is not None:
            return entry
    return None


def job_importer(register: str) -> Callable:
    """The import a job runs: a residents' register, or one another app declares (welfare's)."""
    if register in REGISTERS:
        return importer_for(register)
    entry = _app_importer(register)
    if entry is None:
        raise FileRefused(NOT_A_RESIDENTS_SHEET)
    return import_string(entry["run"])


def import_permission(register: str) -> str:
    """The permission to import (and retry the import of) a sheet of ``register``."""
    entry = None if register in REGISTERS else _app_importer(register)
    return entry["permission"] if entry is not None else "residents.import"
