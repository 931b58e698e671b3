"""Which import reads which kind of sheet: above both importers (the floating register's builds on the
residents'), so that neither imports the other's caller."""

from collections.abc import Callable

from ..floating.importer import import_floating
from .importer import import_residents
from .reader import FileRefused


def importer_for(register: str) -> Callable:
    """The import of a kind of sheet: the residents' or the 流动人口登记表 (same pipeline, more columns).

    Uploads are kept for every import (``uploads.py``); one kept for another register (the welfare
    import's) is refused here rather than read as a residents' sheet."""
    if register == "floating":
        return import_floating
    if register != "residents":
        raise FileRefused("该文件不是在本页上传的居民表，请在本页重新上传。")
    return import_residents
