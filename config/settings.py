"""Settings for the outer-space security treaty comparison.

Everything that differs between a laptop and a server comes from the environment,
so one can just check out the code, run `make run`, and get a working site on SQLite.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set SECRET_KEY to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for local development set DEBUG=1 instead."
        )
    SECRET_KEY = "development-only-secret-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "instruments",
    "states",
    "provisions",
    "positions",
    "events",
    "gaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    # Whole answers of the PAGE_CACHE_VIEWS below, before sessions, CSRF and authentication,
    # which a cached answer does not need: GET only, and these pages are the same for
    # everyone (tests/gaps/test_page_cache.py checks that nothing about the user is in them).
    "gaps.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.ReadOnlyForAnonymousMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Drafts and history: records who made each change in the admin.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "gaps.context_processors.corpus_release",
            ],
            # `{% load markdown %}`: the one Markdown filter, from lib/, which is not an app.
            "libraries": {"markdown": "lib.markdown_tags"},
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise, e.g.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/spacetreaties
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# A covering index's extra columns are for PostgreSQL; SQLite builds the index without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's two default finders, but a path that leaves their folders is "not found" instead of
# an exception: the development server answered /static/../config/settings.py with a 500.
STATICFILES_FINDERS = [
    "config.staticfiles.ContainedFileSystemFinder",
    "config.staticfiles.ContainedAppDirectoriesFinder",
]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The corpus shipped in fixtures/ and loaded by `manage.py load_corpus`.
CORPUS_DIR = Path(os.getenv("CORPUS_DIR", BASE_DIR / "fixtures"))
# Texts the corpus was transcribed from; tests compare verbatim provisions against them.
SOURCES_DIR = Path(os.getenv("SOURCES_DIR", BASE_DIR.parent / "shared" / "sources"))

# --- Production serving, security headers and failure behaviour ----------------------------
# The HTTPS-only settings default to on when DEBUG is off and can be turned off one by one
# (see docs/production.md); everything else below is on in development too, so that a page that
# breaks the Content Security Policy breaks on the developer's machine first.

# 'self' only: no inline script or style, no third-party origin. The admin works under it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

https_default = "0" if DEBUG else "1"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", https_default)
# Load balancers probe the application servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", https_default)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", https_default)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Behind a reverse proxy that terminates TLS, name the header it sets, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto: the request then counts as HTTPS when the header
# says "https". Only set it when the proxy always overwrites that header.
if proxy_header := os.getenv("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")

CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name or from
# one address, every further attempt is refused, even with the right password, until the
# cool-off has passed. Attempts are kept in the database, so several application servers
# share them.
AUTHENTICATION_BACKENDS = [
    "config.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "1")
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.getenv("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The lockout page carries Retry-After (the cool-off in seconds).
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
# Behind a proxy every request comes from the proxy's address, and five failures from anyone
# would lock out every editor: name the header in which the proxy puts the client's address
# (CLIENT_IP_HEADER=X-Real-IP, one it always overwrites; or X-Forwarded-For). It is believed
# only from the addresses in FORWARDED_ALLOW_IPS (gunicorn's own setting: the proxies), and of
# a list the CLIENT_IP_PROXY_COUNT-th address from the right is taken (config.auth.client_ip).
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
CLIENT_IP_HEADER = None
if client_ip_header := os.getenv("CLIENT_IP_HEADER", "").strip():
    CLIENT_IP_HEADER = "HTTP_" + client_ip_header.upper().replace("-", "_")
    # Read by axes only when django-ipware is installed, which this project does not install;
    # AXES_CLIENT_IP_CALLABLE decides. Kept so that the setting shows what was configured.
    AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_HEADER, "REMOTE_ADDR")
CLIENT_IP_PROXY_COUNT = int(os.getenv("CLIENT_IP_PROXY_COUNT", "1"))
if CLIENT_IP_PROXY_COUNT < 1:
    raise ImproperlyConfigured(
        "CLIENT_IP_PROXY_COUNT is the number of trusted proxies in front (1 or more), "
        f"not {CLIENT_IP_PROXY_COUNT}."
    )
CLIENT_IP_TRUSTED_PROXIES = envlist("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Fail fast when the database is unreachable: pages then answer 503 within seconds instead
# of holding a worker until the proxy gives up.
DB_CONNECT_TIMEOUT = int(os.getenv("DB_CONNECT_TIMEOUT", "3"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    # Behind PgBouncer in transaction mode, server-side cursors (the CSV exports stream rows
    # through one) do not survive between transactions: DB_DISABLE_SERVER_SIDE_CURSORS=1.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
        "DB_DISABLE_SERVER_SIDE_CURSORS", "0"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Seconds to wait for another process's write lock before giving up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 5)

# Without this, errors are only mailed to ADMINS when DEBUG is off: send them to stderr,
# where gunicorn and the service manager collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # 4xx answers are in gunicorn's access log already; keep the 5xx with their tracebacks.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- Performance --------------------------------------------------------------------------------
# Computed matrices (gaps/matrix_cache.py) and whole answers of the pages below
# (gaps/page_cache.py) are cached under the data version, which changes with every change of
# the data. MATRIX_CACHE=0 and PAGE_CACHE=0 compute everything on every request instead: the
# benchmark's uncached run (scripts/bench.py). There is no reason to turn them off otherwise.
MATRIX_CACHE = envbool("MATRIX_CACHE", "1")
PAGE_CACHE = envbool("PAGE_CACHE", "1")
# Each facet of the provision list, cached on its own under the data version and the other
# filters (provisions/facets.py), so that a new combination of filters reuses the facets it
# leaves unchanged. Independent of PAGE_CACHE: the benchmark's computed pages use it too.
FACET_CACHE = envbool("FACET_CACHE", "1")
PAGE_CACHE_VIEWS = frozenset(
    {"gaps:home", "gaps_api:matrix_json", "provisions:list", "provisions_api:provisions"}
)
# PostgreSQL's default random_page_cost (4) models spinning disks. With it the planner reads
# every stored search vector rather than use the GIN index for a common word (at 100,000
# provisions, counting a word in 17 % of them took 340 ms instead of 27 ms). 1.1 is the usual
# value for SSDs or data held in memory; PG_RANDOM_PAGE_COST= (empty) keeps the server's own.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if random_page_cost := os.getenv("PG_RANDOM_PAGE_COST", "1.1").strip():
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c random_page_cost={random_page_cost}"
# The cache: each process's own memory by default, which is right for one server.
# Several application servers share one Redis instead, CACHE_URL=redis://host:6379/0 (or
# rediss:// for TLS), so that a page computed on one is a hit on all (docs/deployment.md).
# config.cache.FailSoftRedisCache is Django's RedisCache whose failures are misses: with Redis
# away, pages are computed instead (never a 500), and each process leaves Redis alone for a few
# seconds after a failure. CACHE_TIMEOUT bounds what one cache call may cost while Redis is
# away or stuck; CACHE_KEY_PREFIX separates users of one Redis (clear() deletes only its keys).
if cache_url := os.getenv("CACHE_URL", "").strip():
    if not cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis URL (redis://host:6379/0, rediss://... or unix://...), "
            f"not {cache_url.split('://')[0]!r}; leave it unset for the local-memory cache."
        )
    cache_timeout = float(os.getenv("CACHE_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": cache_url,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "").strip(),
            "OPTIONS": {
                "socket_connect_timeout": cache_timeout,
                "socket_timeout": cache_timeout,
                "RETRY_SECONDS": float(os.getenv("CACHE_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
