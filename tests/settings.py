"""Test settings: the real settings module, in its development shape (no TLS redirect)."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ["TONGXIN_ENV_FILE"] = "/nonexistent"  # tests never depend on a developer's .env

from community.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
PRIVATE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "community.storage.PrivateFileSystemStorage"},  # whatever the environment says
}
DASHBOARD_CACHE_SECONDS = 0  # tests read figures right after writing them; the cache has its own test
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the multi-server test starts app servers in other processes on the same database.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
