"""The private storage: uploads, welfare attachments, report archives and outreach agreements.

One Django storage, ``storages["private"]``: a folder on this machine (``settings.PRIVATE_ROOT``) by
default, or an S3-compatible bucket when ``PRIVATE_S3_BUCKET`` is set (see settings and docs/deploy.md).
Names are relative and start with their kind: ``uploads/``, ``attachments/``, ``archive/``, ``agreements/``.
No file has a public URL: views read it through the storage after their permission check.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import NamedTemporaryFile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under ``PRIVATE_ROOT``, readable by the service account only, never given a URL.

    The location is read from settings on every use, so tests can point ``PRIVATE_ROOT`` elsewhere.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    @property
    def file_permissions_mode(self):
        return 0o600

    @property
    def directory_permissions_mode(self):
        return 0o700

    def url(self, name):
        raise ValueError("Private files have no URL; a view serves them after its permission check.")


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up again after STORAGES changes (tests swap the backend).

    A FileField keeps the storage it was given when its model was imported; this stand-in lets it follow.
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage() -> Storage:
    """The storage of every private file (``storages["private"]``)."""
    return _private


@contextmanager
def local_copy(name: str, storage: Storage | None = None) -> Iterator[Path]:
    """A path on this machine holding the stored file ``name``, for readers that need a real file.

    The folder storage gives its own path; any other storage's file is downloaded into a temporary
    file (mode 0600) that is deleted afterwards. Raises FileNotFoundError when there is no such file.
    """
    storage = storage or private_storage()
    if isinstance(storage, FileSystemStorage):
        path = Path(storage.path(name))
        if not path.is_file():
            raise FileNotFoundError(name)
        yield path
        return
    with NamedTemporaryFile(suffix=Path(name).suffix) as copy:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)
