"""Settings for Tongxin, read from the environment only (see .env.example).

Production differs from development by environment alone: DEBUG off, a real
SECRET_KEY, DATABASE_URL pointing at PostgreSQL, ALLOWED_HOSTS and
CSRF_TRUSTED_ORIGINS set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines of a local .env (``make run`` writes one with DEBUG=1).

    The real environment always wins; production sets its environment and has no .env.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_load_dotenv(Path(os.environ.get("TONGXIN_ENV_FILE", BASE_DIR / ".env")))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "community",
    "grids",
    "residents",
    "welfare",
    "outreach",
    "reports",
]

MIDDLEWARE = [
    "community.security.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "community.security.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "community.middleware.CommunityAccessMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = [
    "community.backends.LockoutBackend",  # refuses locked-out user/address pairs first
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "community.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "community.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "community.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif os.environ.get("DB_POOL_MAX"):
    # psycopg's connection pool inside each app-server process (Django 5.1+): at most DB_POOL_MAX
    # connections per process, reused across requests; Django then closes nothing itself.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN", "1")),
        "max_size": int(os.environ["DB_POOL_MAX"]),
        "timeout": int(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if env_bool("PGBOUNCER"):
    # PgBouncer in transaction mode cannot keep a server-side cursor between transactions.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "community.passwords.CharacterClassValidator"},
    {"NAME": "community.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
PASSWORD_HISTORY_COUNT = 5  # hashes kept on the user (the validator's count)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# Chinese only: no language switch and no locale/ of our own (Django's own strings come in Chinese).
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries come from npm (package-lock.json pins them) and are
    # served from our own origin: offices run on closed networks, no CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves hashed, compressed files (run collectstatic); development serves them as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Redis, when configured, holds the cache and the sessions of every app server (sessions also in the
# database, so a Redis restart logs nobody out). Without it each process caches locally.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The read API (/api/v1/, reports/api/): token-only, read-only, JSON; its OpenAPI 3 schema and the page
# rendering it use Swagger UI from the drf-spectacular-sidecar package (our own static files, no CDN).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "同心 只读数据接口",
    "DESCRIPTION": (
        "供区、市平台读取社区与街道的统计数据、台帐（脱敏）和报告存档。"
        "令牌由系统管理员签发，请求头 Authorization: Bearer <令牌>。只读：没有写入接口。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "TAGS": [{"name": "统计数据"}, {"name": "台帐（脱敏）"}, {"name": "报告存档"}, {"name": "令牌"}],
}
# Calls per token (per minute/hour/day), counted in the shared cache (Redis when REDIS_URL is set).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")

# Background work (report generation, large imports and exports) goes through Django's task interface.
# TASK_BACKEND=db queues it in the database for `manage.py db_worker` (a restarted worker loses no job);
# unset, the same work runs in-process, so `make run` needs nothing extra.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASK_BACKEND") == "db"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Bounds of every uploaded spreadsheet (residents' and welfare imports), checked while it streams in
# (residents/transfer/reader.py): a file passing one is refused with the reason. Uploads larger than
# TRANSFER_SYNC_CHECK_MAX_BYTES are checked (previewed) by the worker instead of during the request.
TRANSFER_MAX_UPLOAD_BYTES = int(os.environ.get("TRANSFER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
TRANSFER_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("TRANSFER_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
TRANSFER_MAX_ROWS = int(os.environ.get("TRANSFER_MAX_ROWS", "100000"))
TRANSFER_MAX_COLUMNS = int(os.environ.get("TRANSFER_MAX_COLUMNS", "200"))
TRANSFER_MAX_CELLS = int(os.environ.get("TRANSFER_MAX_CELLS", "3000000"))
TRANSFER_PREVIEW_SECONDS = float(os.environ.get("TRANSFER_PREVIEW_SECONDS", "20"))
TRANSFER_JOB_SECONDS = float(os.environ.get("TRANSFER_JOB_SECONDS", "900"))
TRANSFER_SYNC_CHECK_MAX_BYTES = int(os.environ.get("TRANSFER_SYNC_CHECK_MAX_BYTES", str(512 * 1024)))
# A running import or export whose worker has not reported for this long was interrupted (failed, retryable).
TRANSFER_JOB_STALE_SECONDS = int(os.environ.get("TRANSFER_JOB_STALE_SECONDS", "600"))

# Dashboards are computed from the ledgers and kept this many seconds in the (shared) cache; any write to
# a community's ledgers makes its dashboards, and its street office's, stale at once
# (community.ledger_versions), so this bounds only what no write announces (a raw SQL fix by hand).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "600"))

# Private files (uploads, attachments, report archives, agreements): never under static or media, never
# given a URL; views serve them after their permission check. One storage, "private": the PRIVATE_ROOT
# folder by default, or an S3-compatible bucket (MinIO, a cloud's object storage) when PRIVATE_S3_BUCKET
# is set — then several app servers share it without an NFS mount (docs/deploy.md).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES["private"] = {"BACKEND": "community.storage.PrivateFileSystemStorage"}
if os.environ.get("PRIVATE_S3_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PRIVATE_S3_BUCKET"],
            "endpoint_url": os.environ.get("PRIVATE_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("PRIVATE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("PRIVATE_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("PRIVATE_S3_REGION") or None,
            "location": os.environ.get("PRIVATE_S3_PREFIX", "").strip("/"),
            # "path" for MinIO without a domain of its own; unset lets boto3 choose (virtual-host style).
            "addressing_style": os.environ.get("PRIVATE_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # no ACL header: objects stay as private as the bucket (keep it private)
            "querystring_auth": True,  # a URL, if one were ever made, would be signed and expire
            "file_overwrite": False,  # names are random; never replace an archived version
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Identity and session rules (等保 2.0 8.1.4.1): see docs/security.md.
PASSWORD_MAX_AGE_DAYS = 90
SESSION_IDLE_TIMEOUT = 30 * 60  # seconds without a request before the session ends
SESSION_ABSOLUTE_LIMIT = 8 * 60 * 60  # seconds after login before the session ends whatever happens
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT
OTP_TOTP_ISSUER = "同心 Tongxin"
# The second factor is required for administrators (always) and for these roles (community.two_factor).
TWO_FACTOR_REQUIRED_ROLES = ("street", "auditor")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The client's address behind the reverse proxies (deploy/nginx.conf appends it to X-Forwarded-For):
# how many proxies in front of the app are trusted to append it. 0 (no proxy): REMOTE_ADDR only, the
# header is ignored. One function reads it for the audit trail and for the lockout (community.audit).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "community.audit.client_ip"

# Content Security Policy: no inline scripts anywhere; styles allow inline attributes (see docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "community.views.csrf_failure"  # Chinese, in the portal's layout
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Never log request bodies or SQL parameters: they carry ID numbers.
    "loggers": {
        "django.db.backends": {"level": "WARNING", "propagate": True},
        "axes": {"level": "WARNING", "propagate": True},
        # A line per rendering step of every PDF otherwise.
        "weasyprint": {"level": "WARNING", "propagate": True},
        "fontTools": {"level": "WARNING", "propagate": True},
    },
}
