"""Uploaded sheets waiting for their preview and confirmation.

Kept in the private storage (community.storage) under ``uploads/``, under random names (never the
clerk's file name), with a small JSON note of who uploaded it for which community, and — once checked —
the outcome of the check (``<token>.result.json``), so that reopening the preview or downloading the
refused rows never reads the file again.
Deleted after the import, on cancel, and by a sweep of anything older than a day.
"""

import json
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.http import Http404

from community.storage import local_copy, private_storage

from ..floating.importer import FloatingImportResult
from .importer import ImportResult, RefusedRow

MAX_AGE_SECONDS = 24 * 3600
FOLDER = "uploads"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def result_storage() -> Storage:
    """The private storage that keeps the exported workbooks (under ``exports/``; never static or media)."""
    return private_storage()


@dataclass
class Upload:
    token: str
    name: str
    skip_invalid: bool
    storage_name: str  # the file's name in the private storage
    register: str = "residents"  # which sheet: the residents' or the floating residents' (importer_for)

    @contextmanager
    def local_path(self) -> Iterator[Path]:
        """A path on this machine holding the file, for readers that need one (the storage may be a bucket)."""
        with local_copy(self.storage_name) as path:
            yield path

    @property
    def size(self) -> int:
        return private_storage().size(self.storage_name)

    @property
    def path(self) -> Path:
        """The file's own path; only the folder storage has one, so readers use ``local_path()``."""
        return Path(private_storage().path(self.storage_name))


def _name(token: str, suffix: str) -> str:
    return f"{FOLDER}/{token}{suffix}"


def store(
    source, *, name: str, community, user, skip_invalid: bool = False, register: str = "residents"
) -> str:
    """Save ``source`` (an UploadedFile or bytes) under a random name; return its token."""
    sweep()
    storage = private_storage()
    token = secrets.token_hex(16)
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    storage.save(_name(token, suffix), ContentFile(source) if isinstance(source, bytes) else source)
    meta = {
        "community": community.pk,
        "user": user.pk,
        "name": name[:200],
        "suffix": suffix,
        "skip_invalid": skip_invalid,
        "register": register,
        "at": time.time(),
    }
    storage.save(_name(token, ".json"), ContentFile(json.dumps(meta).encode()))
    return token


def load(token: str, *, community, user) -> Upload:
    """The upload ``token`` of this user in this community, or 404 (missing and not yours look alike)."""
    if not _TOKEN.match(token or ""):
        raise Http404
    storage = private_storage()
    try:
        with storage.open(_name(token, ".json"), "rb") as fh:
            meta = json.loads(fh.read())
    except (OSError, ValueError):
        raise Http404 from None
    storage_name = _name(token, meta.get("suffix", ".xlsx"))
    if (
        meta.get("community") != community.pk
        or meta.get("user") != user.pk
        or not storage.exists(storage_name)
    ):
        raise Http404
    return Upload(
        token=token,
        name=meta["name"],
        skip_invalid=bool(meta.get("skip_invalid")),
        storage_name=storage_name,
        register=meta.get("register", "residents"),
    )


def discard(token: str) -> None:
    if not _TOKEN.match(token or ""):
        return
    storage = private_storage()
    for suffix in (".xlsx", ".csv", ".json", RESULT):
        storage.delete(_name(token, suffix))


RESULT = ".result.json"


def _encode(value):
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(obj: dict):
    if "__datetime__" in obj:
        return datetime.fromisoformat(obj["__datetime__"])
    if "__date__" in obj:
        return date.fromisoformat(obj["__date__"])
    return obj


def save_result(token: str, result) -> None:
    """Keep the check's outcome (an ImportResult) beside the upload."""
    if not _TOKEN.match(token or ""):
        return
    storage = private_storage()
    name = _name(token, RESULT)
    storage.delete(name)
    storage.save(name, ContentFile(json.dumps(asdict(result), default=_encode, ensure_ascii=False).encode()))


def load_result(token: str):
    """The kept outcome of the check of ``token``, or None (not checked yet, or swept); of the class the
    check made (the floating register's result has counts of its own)."""

    if not _TOKEN.match(token or ""):
        return None
    try:
        with private_storage().open(_name(token, RESULT), "rb") as fh:
            data = json.loads(fh.read(), object_hook=_decode)
    except (OSError, ValueError):
        return None
    data["refused"] = [
        RefusedRow(number=r["number"], values=r["values"], errors=[tuple(e) for e in r["errors"]])
        for r in data.get("refused", [])
    ]
    kind = FloatingImportResult if "stays_new" in data else ImportResult
    return kind(**data)


def sweep(max_age: int = MAX_AGE_SECONDS) -> None:
    """Delete uploads abandoned before their confirmation (by the storage's modified time)."""
    storage = private_storage()
    limit = time.time() - max_age
    try:
        _folders, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for filename in files:
        name = f"{FOLDER}/{filename}"
        try:
            if storage.get_modified_time(name).timestamp() < limit:
                storage.delete(name)
        except Exception:  # noqa: S112
            continue  # another request deleted it meanwhile (a bucket reports that with its own error type)
