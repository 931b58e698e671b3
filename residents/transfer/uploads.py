"""Uploaded sheets waiting for their preview and confirmation.

Stored outside static and media, under ``settings.PRIVATE_ROOT / "uploads"``, under random names
(never the clerk's file name), with a small JSON note of who uploaded it for which community.
Deleted after the import, on cancel, and by a sweep of anything older than a day.
"""

import json
import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Upload:
    token: str
    path: Path
    name: str
    skip_invalid: bool

    @contextmanager
    def local_path(self):
        """A path on this machine holding the file, for readers that need one (a worker may be elsewhere)."""
        yield self.path


def upload_dir() -> Path:
    path = Path(settings.PRIVATE_ROOT) / "uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store(source, *, name: str, community, user, skip_invalid: bool = False) -> str:
    """Save ``source`` (an UploadedFile or bytes) under a random name; return its token."""
    sweep()
    token = secrets.token_hex(16)
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    path = upload_dir() / f"{token}{suffix}"
    with path.open("wb") as fh:
        if isinstance(source, bytes):
            fh.write(source)
        else:
            for chunk in source.chunks():
                fh.write(chunk)
    meta = {"community": community.pk, "user": user.pk, "name": name[:200], "suffix": suffix,
            "skip_invalid": skip_invalid, "at": time.time()}  # fmt: skip
    (upload_dir() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(token: str, *, community, user) -> Upload:
    """The upload ``token`` of this user in this community, or 404 (missing and not yours look alike)."""
    if not _TOKEN.match(token or ""):
        raise Http404
    try:
        meta = json.loads((upload_dir() / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404 from None
    path = upload_dir() / f"{token}{meta.get('suffix', '.xlsx')}"
    if meta.get("community") != community.pk or meta.get("user") != user.pk or not path.is_file():
        raise Http404
    return Upload(token=token, path=path, name=meta["name"], skip_invalid=bool(meta.get("skip_invalid")))


def discard(token: str) -> None:
    if not _TOKEN.match(token or ""):
        return
    for suffix in (".xlsx", ".csv", ".json"):
        (upload_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def sweep(max_age: int = MAX_AGE_SECONDS) -> None:
    """Delete uploads abandoned before their confirmation."""
    limit = time.time() - max_age
    for path in upload_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
