"""Uploaded sheets waiting for their preview and confirmation.

Kept in the private storage (community.storage) under ``uploads/``, under random names (never the
clerk's file name), with a small JSON note of who uploaded it for which community.
Deleted after the import, on cancel, and by a sweep of anything older than a day.
"""

import json
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.http import Http404

from community.storage import local_copy, private_storage

MAX_AGE_SECONDS = 24 * 3600
FOLDER = "uploads"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


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
    meta = {"community": community.pk, "user": user.pk, "name": name[:200], "suffix": suffix,
            "skip_invalid": skip_invalid, "register": register, "at": time.time()}  # fmt: skip
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
    return Upload(token=token, name=meta["name"], skip_invalid=bool(meta.get("skip_invalid")),
                  storage_name=storage_name, register=meta.get("register", "residents"))  # fmt: skip


def discard(token: str) -> None:
    if not _TOKEN.match(token or ""):
        return
    storage = private_storage()
    for suffix in (".xlsx", ".csv", ".json"):
        storage.delete(_name(token, suffix))


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
