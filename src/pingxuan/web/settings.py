"""The one settings module of the site; every value that differs between machines comes from the
environment and is parsed strictly, so that a typo stops the site instead of silently changing it.

Environment:
    PINGXUAN_DEBUG        true | false (default true: ``make run`` is a local run)
    SECRET_KEY            required when PINGXUAN_DEBUG=false
    DATABASE_URL          e.g. postgres://user@host:5432/name; unset: SQLite at var/pingxuan.sqlite3
    PINGXUAN_VAR_DIR      where the SQLite file and collected static files live (default <repo>/var)
    PINGXUAN_AUDIT_DIR    the audit checkpoint file and its key file (default <var>/audit)
    PINGXUAN_AUDIT_KEY    the audit checkpoint HMAC key; unset: <audit dir>/checkpoint.key, made
                          on first use (0600)
    PINGXUAN_ALLOWED_HOSTS  host names the site answers to besides the local ones, comma-separated
    PINGXUAN_HTTPS        true | false (default false): the site is reached over HTTPS only
    PINGXUAN_BEHIND_PROXY true | false (default false): a reverse proxy terminates TLS and sets
                          X-Forwarded-Proto (it must overwrite any value the client sent)
    PINGXUAN_EMAIL_HOST   an SMTP relay of the intranet; unset: notifications stay on the site
    PINGXUAN_EMAIL_PORT   default 25
    PINGXUAN_EMAIL_FROM   the sender, e.g. pingxuan@zzzgh.gov.cn
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

WEB_DIR = Path(__file__).resolve().parent
REPO_DIR = WEB_DIR.parents[2]


def envbool(name: str, default: bool) -> bool:
    """``true`` or ``false``, nothing else: "0", "no" or "False " would be guesses."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"环境变量 {name}={value!r} 无效：只能是 true 或 false")
    return value == "true"


def envstr(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return default
    if not value.strip():
        raise ImproperlyConfigured(f"环境变量 {name} 为空：请设置取值或删除该变量")
    return value


def envlist(name: str) -> list[str]:
    """A comma-separated list without blanks: "a,,b" or a trailing comma is a typo, not a wish."""
    value = envstr(name)
    if value is None:
        return []
    items = [item.strip() for item in value.split(",")]
    if not all(items) or any(" " in item for item in items):
        raise ImproperlyConfigured(
            f"环境变量 {name}={value!r} 无效：应为以英文逗号分隔、不含空项和空格的列表"
        )
    return items


DEBUG = envbool("PINGXUAN_DEBUG", default=True)

_secret_key = envstr("SECRET_KEY")
if _secret_key is None:
    if not DEBUG:
        raise ImproperlyConfigured("PINGXUAN_DEBUG=false 时必须设置环境变量 SECRET_KEY")
    _secret_key = "django-insecure-pingxuan-local-development-only"
SECRET_KEY = _secret_key

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", *envlist("PINGXUAN_ALLOWED_HOSTS")]

# Served over HTTPS only: redirect plain HTTP, keep cookies off it, and tell browsers (HSTS) never
# to try HTTP again for a year. Off by default because `make run` serves plain HTTP locally.
HTTPS = envbool("PINGXUAN_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# `check --deploy` asks for it (security.W021); it only allows a later submission to the browsers'
# preload lists, which remains a separate, deliberate step.
SECURE_HSTS_PRELOAD = HTTPS
if envbool("PINGXUAN_BEHIND_PROXY", default=False):
    # Without it Django sees every proxied request as plain HTTP and redirects it forever.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy of every page (pingxuan.web.csp; Django 6.0 reads the same setting):
# nothing inline, nothing from elsewhere. img-src data: is the empty favicon of base.html.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

VAR_DIR = Path(envstr("PINGXUAN_VAR_DIR") or REPO_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Outside the database on purpose: see docs/office.md, 审计.
AUDIT_DIR = Path(envstr("PINGXUAN_AUDIT_DIR") or VAR_DIR / "audit")
AUDIT_KEY = envstr("PINGXUAN_AUDIT_KEY") or ""

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "pingxuan.web.campaigns",
    "pingxuan.web.accounts",
    "pingxuan.web.audit",
    "pingxuan.web.nominations",
    "pingxuan.web.materials",
    "pingxuan.web.notifications",
    "pingxuan.web.review",
    "pingxuan.web.notices",
    "pingxuan.web.opinions",
    "pingxuan.web.complaints",
    "pingxuan.web.documents",
    "pingxuan.web.rounds",
    "pingxuan.web.finals",
    "pingxuan.web.portal",
    "pingxuan.web.office",
    "pingxuan.web.public",
    "pingxuan.web.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every HTML answer carries the policy, the 400s of the guards below too.
    "pingxuan.web.csp.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Renews the idle timeout below at most once a minute (a session write per request otherwise).
    "pingxuan.web.accounts.sessions.IdleSessionRenewal",
    # Before any view: no NUL byte or bidi control in a path, query or form value.
    "pingxuan.web.inputs.ControlCharacterGuard",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pingxuan.web.audit.middleware.DeniedAccessAudit",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login after authentication ran.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A failed CSRF check explains itself in Chinese (an expired page, usually) instead of Django's
# English 403 page.
CSRF_FAILURE_VIEW = "pingxuan.web.accounts.views.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request. A request renews the 30 minutes when the last
# renewal is a minute old or more (pingxuan.web.accounts.sessions), not on every request: that
# was a database write per page.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Pages carry the token in their forms; no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

# Failed logins: five in a row lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "pingxuan.web.urls"
WSGI_APPLICATION = "pingxuan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pingxuan.web.limits.context",
            ],
        },
    },
]

_database_url = envstr("DATABASE_URL")
if _database_url is None:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "pingxuan.sqlite3",
        }
    }
else:
    try:
        # Keep a worker's connection between requests (checked before reuse): opening one costs
        # more CPU, here and in the server, than most pages (docs/performance.md, 负载测试).
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as exc:  # dj_database_url's UnknownSchemeError is a ValueError
        raise ImproperlyConfigured(f"环境变量 DATABASE_URL 无效：{exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts: a deferred transaction that reads first and
    # writes later fails with "database is locked" when two requests race.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Writers queue for that lock; wait well beyond the longest write instead of failing.
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# Uploaded materials: never served by the web server, only through views that check scope.
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise warns (an error under pytest) when the root it serves from does not exist yet.
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names need `collectstatic` first; a local run and the tests serve files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Slow or dangerous work (imports, city-wide documents, e-mail) runs in the background worker
# (`manage.py db_worker`); the queue is a table of the same database (pingxuan.web.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Notifications are always shown on the unit's page; they are also mailed to the unit's staff
# when the intranet has a relay (no outside service is ever called).
EMAIL_HOST = envstr("PINGXUAN_EMAIL_HOST") or ""
NOTIFY_BY_EMAIL = bool(EMAIL_HOST)
EMAIL_PORT = int(envstr("PINGXUAN_EMAIL_PORT") or "25")
DEFAULT_FROM_EMAIL = envstr("PINGXUAN_EMAIL_FROM") or "pingxuan@localhost"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if NOTIFY_BY_EMAIL
    else "django.core.mail.backends.locmem.EmailBackend"
)

# Log lines name the path and the status, never a request's body or query parameters: forms carry
# passwords and ID numbers. Django's own e-mail handler (which would attach POST data) is left out,
# and SQL (logged with its parameters at DEBUG) stays below the INFO threshold.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO"},
        # Refused hosts, bad CSRF tokens, suspicious uploads: always visible, even when DEBUG=false.
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "pingxuan": {"handlers": ["console"], "level": "INFO"},
    },
}
