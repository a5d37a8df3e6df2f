"""Django settings for Yardstick.

One settings module, driven by environment variables read through the typed helpers
below. Each helper fails loudly on a value it cannot read, so a mistyped setting stops
the server at start-up rather than half-working.
"""

import os
import re
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from error


def env_proxy_header(name: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO: the request header, as Django names it
    in request.META, by which the reverse proxy says the visitor came over HTTPS."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"HTTP_[A-Z0-9_]+", raw):
        raise ImproperlyConfigured(
            f"{name} must name a header as Django sees it, such as HTTP_X_FORWARDED_PROTO, "
            f"not {raw!r}."
        )
    return (raw, "https")


# Off unless set: `make run` (the demo) sets DEBUG=true. With DEBUG off a SECRET_KEY is
# required; an empty one stops start-up here rather than failing every page later.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a long random value (DEBUG is off). Make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "yardstick.accounts.apps.AdminConfig",  # django.contrib.admin, on our own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # django-ninja's Swagger UI assets, served from here (no CDN: our CSP)
    "yardstick.accounts",
    "yardstick.organisations",
    "yardstick.framework",
    "yardstick.measures",
    "yardstick.scorecards",
    "yardstick.actions",
    "yardstick.meetings",
    "yardstick.risks",
    "yardstick.scrutiny",
    "yardstick.collection",
    "yardstick.imports",
    "yardstick.reports",
    "yardstick.pages",
    "yardstick.dataquality",
    "yardstick.public",
    "yardstick.api",
    "yardstick.packs",
    "yardstick.demo",
    "yardstick.backups",
    "yardstick.health",
]

MIDDLEWARE = [
    # First, so everything after it (and its log lines) knows the request's id.
    "yardstick.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "yardstick.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: which device verified this session, and no page until it has.
    "django_otp.middleware.OTPMiddleware",
    "yardstick.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the sign-in page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yardstick.urls"
WSGI_APPLICATION = "yardstick.wsgi.application"

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
                "yardstick.accounts.context_processors.organisation",
            ],
            # {% scrolls %}: every table's scroll region (yardstick/layout.py).
            "builtins": ["yardstick.layout"],
        },
    },
]

# The cache holds what periods show (measures.shown.shown_summaries: a published period under
# its kept_version, an open one under open_token, a digest of the reader's sight and of every
# write to its figures and targets; both read from the database on every request) and
# rendered scorecard rows (under a digest of everything the row shows). No entry can be stale
# while writes go through the services (clear it after a restore: docs/deploy.md), so each gunicorn
# worker keeping its own in memory (the default, LocMemCache) gives every worker the same
# answers; a shared cache (Django's RedisCache or a memcached backend, named in CACHES) only
# saves each worker filling its own. CACHE_ENTRIES bounds each worker's (the oldest go
# first): about 2 KB a scorecard row, 1 KB a measure in a published period.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "yardstick",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_ENTRIES", 20000)},
    },
    # Pages' own parts (yardstick/scorecards/kept.py): a scorecard or the overview as one
    # reader sees it, kept under the content token for at most ten minutes. Apart from the
    # default so that many parts (some 200 KB each at 85 measures; a part over 256 KB is kept
    # compressed) never push out the rows and summaries; CACHE_PAGE_PARTS bounds how many
    # each worker keeps.
    "parts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "yardstick-parts",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_PAGE_PARTS", 200)},
    },
    # Shared by every worker, in the database (`manage.py createcachetable` makes its table):
    # what the API's rate limits count in when API_RATE_CACHE=database (docs/deploy.md).
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "yardstick_cache",
        "TIMEOUT": 300,
    },
}

# Connections are kept open between requests for DATABASE_CONN_MAX_AGE seconds (0 closes
# each at the end of its request) and checked before reuse, so a restarted database costs
# one failed check, not one failed request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Sign-in: django-axes counts failures first (and refuses a locked-out username and address),
# then local accounts, then the council's identity provider when OIDC_RP_CLIENT_ID is set.
AUTHENTICATION_BACKENDS = [
    "yardstick.accounts.backends.SignInAttemptsBackend",
    "yardstick.accounts.backends.PasswordBackend",
    "yardstick.accounts.oidc.CouncilAccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before Argon2
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: `manage.py collectstatic` copies them into STATIC_ROOT with a hash of their
# content in each name and gzip and Brotli copies beside them; WhiteNoise serves them from
# the app server with a year-long cache. The manifest of hashed names is required when DEBUG
# is off (`bin/serve` refuses to start without it). STATIC_HASHED=false serves the files
# under their own names straight from the source folders instead: for the test suite, which
# runs with DEBUG off and no collectstatic. With DEBUG on (the demo) names are never hashed.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_HASHED = env_bool("STATIC_HASHED", True)
# Files Yardstick keeps (a published period's documents, uploads waiting for the worker)
# live under MEDIA_ROOT: outside the code, writable by the server and the worker, and kept
# with the backups (docs/deploy.md). They are never served as static files.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_HASHED
WHITENOISE_AUTOREFRESH = DEBUG
if WHITENOISE_USE_FINDERS:  # files come from the source folders: STATIC_ROOT may not exist
    warnings.filterwarnings("ignore", message="No directory at: ")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "scorecards:overview"
LOGOUT_REDIRECT_URL = "pages:home"

# Sessions end after a working day, or when the browser closes; cookies go over HTTPS only
# unless DEBUG (a developer's plain-HTTP server).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True

# HTTPS. Behind a reverse proxy that ends TLS, set SECURE_PROXY_SSL_HEADER to the header it
# sets (HTTP_X_FORWARDED_PROTO for X-Forwarded-Proto: https), and the proxy must overwrite
# that header on every request. HSTS is off until SECURE_HSTS_SECONDS is set, as browsers
# remember it: turn it on once HTTPS works (docs/deploy.md). /healthz is never redirected, so
# a local probe over plain HTTP gets its answer.
SECURE_PROXY_SSL_HEADER = env_proxy_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts from this site
# only, no inline script or style (htmx's own indicator style is turned off in base.html),
# no framing, forms posting to this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The API (docs/api.md). Personal tokens last at most API_TOKEN_MAX_DAYS days. Each token
# may make API_RATE_TOKEN requests a minute, each address without a token
# API_RATE_ANONYMOUS; the counts are kept in the cache named API_RATE_CACHE, which must be
# shared by every worker for the limit to hold across them: "database" (above), or a
# memcached or Redis cache added to CACHES (docs/deploy.md). The default, each worker's own
# memory, suits one worker (the demo). A list answers API_PAGE_SIZE items a page unless
# asked for fewer or more, never more than API_PAGE_SIZE_MAX.
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
API_RATE_TOKEN = env_int("API_RATE_TOKEN", 600)
API_RATE_ANONYMOUS = env_int("API_RATE_ANONYMOUS", 60)
API_RATE_CACHE = env_str("API_RATE_CACHE", "default")
# The address counted is the last API_TRUSTED_PROXIES hop of X-Forwarded-For (nginx's, in
# docs/deploy), or the connection's own address when there is no such header.
NINJA_NUM_PROXIES = env_int("API_TRUSTED_PROXIES", 1)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_PAGE_SIZE_MAX = env_int("API_PAGE_SIZE_MAX", 200)

# Failed sign-ins (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_TIME; a success clears the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yardstick.accounts.views.locked_out"
AXES_VERBOSE = False

# Two-factor sign-in for local accounts (django-otp): an authenticator app's six-digit code
# (TOTP) or a one-off recovery code after the password. Required for the performance team
# unless TWO_FACTOR_FOR_PERFORMANCE_TEAM=false; anyone else may turn it on. Sign-in with the
# council's identity provider leaves the second factor to the provider.
TWO_FACTOR_FOR_PERFORMANCE_TEAM = env_bool("TWO_FACTOR_FOR_PERFORMANCE_TEAM", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Yardstick")

# Sign-in with the council's identity provider (OpenID Connect, authorization code flow).
# Off unless OIDC_RP_CLIENT_ID is set. Give OIDC_OP_DISCOVERY (the issuer, or its
# /.well-known/openid-configuration URL) or each endpoint. People are matched by e-mail to
# existing active accounts; nobody is created (see yardstick/accounts/oidc.py).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY = env_str("OIDC_OP_DISCOVERY", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your council account")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# A provider that sends no `email_verified` claim is refused unless this is set: set it only
# for a provider that gives the council's own directory addresses (yardstick/accounts/oidc.py).
OIDC_TRUST_UNVERIFIED_EMAIL = env_bool("OIDC_TRUST_UNVERIFIED_EMAIL", False)

# E-mail (reminders). Without EMAIL_HOST, mail is printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Yardstick <yardstick@localhost>")

# Where Yardstick is served, for links in e-mails ("https://performance.example.gov.uk").
YARDSTICK_BASE_URL = env_str("YARDSTICK_BASE_URL", "")

# The financial year starts in April for UK councils; a body on another year sets this.
YARDSTICK_FINANCIAL_YEAR_START_MONTH = env_int("YARDSTICK_FINANCIAL_YEAR_START_MONTH", 4)

# Background work (Django's task framework, as backported by django-tasks). The queue lives
# in the database by default, worked by `manage.py run_worker` (one or more processes, on
# one or more machines); a council that outgrows it names another backend here, such as
# RQ's, and the code that enqueues stays the same.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A worker writes a heartbeat every YARDSTICK_WORKER_HEARTBEAT seconds; one not heard from
# for YARDSTICK_WORKER_STALE seconds is taken for dead: /healthz fails without a live one,
# and a job it was running is put back on the queue (up to YARDSTICK_JOB_ATTEMPTS runs).
YARDSTICK_WORKER_HEARTBEAT = env_float("YARDSTICK_WORKER_HEARTBEAT", 10)
YARDSTICK_WORKER_STALE = env_float("YARDSTICK_WORKER_STALE", 60)
YARDSTICK_JOB_ATTEMPTS = env_int("YARDSTICK_JOB_ATTEMPTS", 3)
# An uploaded file of more rows than this is checked, and once confirmed imported, by the
# background worker, with a progress bar on its page (docs/import-formats.md); an upload may be
# at most YARDSTICK_IMPORT_MAX_MB megabytes (docs/deploy/nginx.conf lets 25 MB through; raise
# both together). The command line takes a file of any length.
YARDSTICK_BACKGROUND_IMPORT_ROWS = env_int("YARDSTICK_BACKGROUND_IMPORT_ROWS", 5000)
YARDSTICK_IMPORT_MAX_MB = env_int("YARDSTICK_IMPORT_MAX_MB", 25)

# Logs: one JSON line per record on standard output (see yardstick/logs.py), for systemd's
# journal or any log collector. Unhandled errors come from django.request with their
# traceback (its 4xx warnings are left to the proxy's access log); refused forms and other
# security events from django.security; service actions from yardstick.events; LOG_LEVEL
# sets the rest.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "yardstick.logs.RequestIdFilter"},
        "access": {"()": "yardstick.logs.AccessLogFilter"},
    },
    "formatters": {"json": {"()": "yardstick.logs.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "yardstick.logs.StdoutHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.server": {"filters": ["access"]},  # the demo's runserver: not /healthz
        # Requests for a host not in ALLOWED_HOSTS are the internet's background noise.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# Error reporting to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is
# set; without it nothing is imported or sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=False,
    )
