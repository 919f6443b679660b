"""Annals settings: one module, every difference between machines comes from the environment.

The embedded default (no environment at all) is SQLite in var/ and a file-system Celery
broker, so a fresh machine needs no server. DATABASE_URL switches to PostgreSQL and
REDIS_URL to Redis.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ANNALS_VAR_DIR") or BASE_DIR / "var")  # runtime state, outside git
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is not true."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - DEBUG only
elif not DEBUG and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}. Make one with: python -c "
        "'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Security ----------------------------------------------------------------------------
# Served over HTTPS unless told otherwise (local runs and tests say ANNALS_HTTPS=false).
HTTPS = env_bool("ANNALS_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("ANNALS_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("ANNALS_HSTS_SECONDS", 31536000 if HTTPS else 0)
# Both are hard to undo (browsers ship the preload list; subdomains may not all speak
# HTTPS): off unless the operator asks.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ANNALS_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ANNALS_HSTS_PRELOAD", False)
# The deployment check asks for both; they are the operator's choice (above), not defaults.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
BEHIND_PROXY = env_bool("ANNALS_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere (TimelineJS sets inline styles, hence style-src).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "events",
    "events.exchange",
    "events.drafting",
    "events.geography",
    "timeline",
    "timeline.anniversaries",
    "timeline.analysis",
    "timeline.reminders",
    "pages",
    "seeds",
]

MIDDLEWARE = [
    "gateway.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication read their cookie and header (NUL, sizes).
    "gateway.errors.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gateway.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "seeds.context_processors.attribution",
                "pages.context_processors.navigation",
                "pages.context_processors.languages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "annals.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE
                # transactions plus a timeout turn lock contention into waiting.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Time ------------------------------------------------------------------------------
# Reader pages in four languages: English unprefixed, the others under /ko/, /ru/ and
# /zh-hans/ (config/urls.py). Catalogues: locale/, compiled by scripts/translations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ko", "한국어"),
    ("ru", "Русский"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "annals_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
# The site's time zone: what "today" means when a reader or client names none.
TIME_ZONE = env_str("ANNALS_TIME_ZONE", "UTC")

# --- Anniversaries ---------------------------------------------------------------------
# Where 29 February is observed in common years: "feb28" (the default) or "mar1".
ANNALS_FEB29_POLICY = env_str("ANNALS_FEB29_POLICY", "feb28")
# Milestone anniversaries: this list, then every 25 years to 500, then every 100. Read
# (and a mistyped one refused, stopping start-up) by timeline.policy when the apps load.
ANNALS_MILESTONES = env_str("ANNALS_MILESTONES", "1,5,10,20,25,30,40,50,60,70,75,80,90,100")

# --- Reminders ---------------------------------------------------------------------------
# Absolute links in emails and webhooks (manage, unsubscribe, event pages).
ANNALS_BASE_URL = (env_str("ANNALS_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
ANNALS_PLANNER_EVERY_SECONDS = env_int("ANNALS_PLANNER_EVERY_SECONDS", 300)
# A reminder planned this long after its send time is marked late ...
ANNALS_REMINDER_LATE_AFTER_SECONDS = env_int("ANNALS_REMINDER_LATE_AFTER_SECONDS", 900)
# ... and one more than this many days late is recorded as skipped, not sent.
ANNALS_REMINDER_SKIP_LATE_DAYS = env_int("ANNALS_REMINDER_SKIP_LATE_DAYS", 7)
ANNALS_REMINDER_MAX_ATTEMPTS = env_int("ANNALS_REMINDER_MAX_ATTEMPTS", 6)
ANNALS_RETRY_BASE_SECONDS = env_int("ANNALS_RETRY_BASE_SECONDS", 60)
ANNALS_RETRY_CAP_SECONDS = env_int("ANNALS_RETRY_CAP_SECONDS", 3600)
# A delivery claimed this long ago without an outcome lost its worker: it is retried.
ANNALS_CLAIM_TIMEOUT_SECONDS = env_int("ANNALS_CLAIM_TIMEOUT_SECONDS", 600)
# Live (not unsubscribed) subscriptions one email address, or one webhook owner, may hold.
ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS = env_int("ANNALS_MAX_SUBSCRIPTIONS_PER_ADDRESS", 20)
ANNALS_EMAIL_BATCH_SIZE = env_int("ANNALS_EMAIL_BATCH_SIZE", 100)
# One delivery's whole time (connect, send, answer), and how much of the answer is read.
ANNALS_WEBHOOK_TIMEOUT = env_int("ANNALS_WEBHOOK_TIMEOUT", 5)
ANNALS_WEBHOOK_MAX_RESPONSE_BYTES = env_int("ANNALS_WEBHOOK_MAX_RESPONSE_BYTES", 65536)
# Webhook deliveries to one endpoint go in batches of at most this many, one batch at a
# time; its circuit opens after this many failures in a row (timeline/reminders/circuits.py),
# and its subscriptions are paused after PAUSE_FAILURES failures over PAUSE_AFTER_SECONDS.
ANNALS_WEBHOOK_BATCH_SIZE = env_int("ANNALS_WEBHOOK_BATCH_SIZE", 50)
ANNALS_WEBHOOK_CIRCUIT_FAILURES = env_int("ANNALS_WEBHOOK_CIRCUIT_FAILURES", 5)
ANNALS_WEBHOOK_PAUSE_FAILURES = env_int("ANNALS_WEBHOOK_PAUSE_FAILURES", 20)
ANNALS_WEBHOOK_PAUSE_AFTER_SECONDS = env_int("ANNALS_WEBHOOK_PAUSE_AFTER_SECONDS", 3 * 24 * 3600)
# Local development only: lets webhooks call loopback and private addresses.
ANNALS_WEBHOOK_ALLOW_PRIVATE = env_bool("ANNALS_WEBHOOK_ALLOW_PRIVATE", False)

# The largest request body (API JSON, forms), answered 413 beyond; and how deeply a JSON
# document may nest (400 beyond).
ANNALS_MAX_BODY_BYTES = env_int("ANNALS_MAX_BODY_BYTES", 1_048_576)
ANNALS_JSON_MAX_DEPTH = env_int("ANNALS_JSON_MAX_DEPTH", 32)
# The largest CSV an editor may upload in the admin (manage.py import_events has no limit).
ANNALS_IMPORT_MAX_BYTES = env_int("ANNALS_IMPORT_MAX_BYTES", 20_000_000)
# Events in one calendar file at most (timeline/calendar_feeds.py).
ANNALS_ICS_MAX_EVENTS = env_int("ANNALS_ICS_MAX_EVENTS", 1000)
# Slides in one TimelineJS document, items in one Atom feed.
ANNALS_TIMELINEJS_MAX_EVENTS = env_int("ANNALS_TIMELINEJS_MAX_EVENTS", 1000)
ANNALS_FEED_MAX_ITEMS = env_int("ANNALS_FEED_MAX_ITEMS", 100)

# --- REST API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so that an anonymous write is told 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writes need the model's add/change/delete permission (editors).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["gateway.filtering.FilterBackend"],
    "EXCEPTION_HANDLER": "gateway.errors.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "gateway.parsing.JSONParser",
        "gateway.parsing.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "gateway.openapi.AnnalsAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "gateway.throttling.AnonThrottle",
        "gateway.throttling.UserThrottle",
        "gateway.throttling.TextSearchThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("ANNALS_THROTTLE_ANON", "120/minute"),
        "user": env_str("ANNALS_THROTTLE_USER", "600/minute"),
        "subscribe": env_str("ANNALS_THROTTLE_SUBSCRIBE", "10/hour"),
        # Failed sign-ins per (client address, account), and per client address.
        "login": env_str("ANNALS_THROTTLE_LOGIN", "10/minute"),
        "login-address": env_str("ANNALS_THROTTLE_LOGIN_ADDRESS", "100/hour"),
        # Confirmation mails one email address may be sent (subscribing), at most.
        "confirmation": env_str("ANNALS_THROTTLE_CONFIRMATION", "5/day"),
        # Whole exports and site-wide calendars, per anonymous client.
        "export": env_str("ANNALS_THROTTLE_EXPORT", "20/hour"),
        "calendar": env_str("ANNALS_THROTTLE_CALENDAR", "120/hour"),
        # The web search page scans titles and summaries.
        "search": env_str("ANNALS_THROTTLE_SEARCH", "60/minute"),
        # The proximity analysis reads two whole sets of events (up to a second each).
        "analysis": env_str("ANNALS_THROTTLE_ANALYSIS", "30/hour"),
        # Timeline pages for a choice of filters or a jump that is not cached yet.
        "facets": env_str("ANNALS_THROTTLE_FACETS", "120/hour"),
    },
}
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default):
# the client is the socket's peer and the header, which anyone can send, is ignored. N: the
# client is the Nth address from the right (gateway/throttling.py: client_address).
ANNALS_TRUSTED_PROXIES = env_int("ANNALS_TRUSTED_PROXIES", 0)
if ANNALS_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("ANNALS_TRUSTED_PROXIES must be 0 or more.")
SPECTACULAR_SETTINGS = {
    "TITLE": "Annals API",
    "DESCRIPTION": "Events with honest EDTF dates, their sources, and their anniversaries.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # What is written and what is read back differ (a source's id in, the source out).
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the sidecar package: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "static/"
# Uploaded pictures (events.images): under var/ by default, outside git. In production the
# reverse proxy serves them (config/nginx); the app serves them itself only when
# ANNALS_SERVE_MEDIA is on (the default while DEBUG is).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("ANNALS_MEDIA_ROOT") or VAR_DIR / "media")
ANNALS_SERVE_MEDIA = env_bool("ANNALS_SERVE_MEDIA", DEBUG)
ANNALS_IMAGE_MAX_BYTES = env_int("ANNALS_IMAGE_MAX_BYTES", 5 * 1024 * 1024)

# Maps draw the land outline Annals ships; an operator with a tile server may add its
# tiles above it: "https://tiles.example.org/{z}/{x}/{y}.png|© its attribution". Its
# origin is then allowed for images by the Content Security Policy, and nothing else.
_tiles, _, _attribution = env_str("ANNALS_MAP_TILES", "").partition("|")
ANNALS_MAP_TILES = {"url": _tiles.strip(), "attribution": _attribution.strip()}
if ANNALS_MAP_TILES["url"]:
    _origin = "/".join(ANNALS_MAP_TILES["url"].split("/", 3)[:3])
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], _origin]
STATIC_ROOT = Path(env_str("ANNALS_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Cache ------------------------------------------------------------------------------
# "default" holds throttle counts; "shared" holds timeline pages and their summaries, which
# every write to the records invalidates (events/changes.py), so it must be one for all
# the processes that serve or write them. CACHE_URL (a Redis database) is both, shared
# between processes and machines. The embedded default counts throttles in the process's
# memory and keeps "shared" in files under var/cache/, seen by the web app, the worker
# and management commands alike (an import from the shell shows on the pages at once).
CACHE_URL = env_str("CACHE_URL")
# One database's entries never answer for another's sharing a cache (pages are keyed by
# row ids).
_CACHE_PREFIX = hashlib.sha256(
    repr(
        sorted(
            (k, str(v))
            for k, v in DATABASES["default"].items()
            if k in ("ENGINE", "NAME", "HOST", "PORT")
        )
    ).encode()
).hexdigest()[:12]
CACHES: dict[str, dict[str, Any]]
if CACHE_URL:
    _REDIS_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": _CACHE_PREFIX,
    }
    CACHES = {"default": _REDIS_CACHE, "shared": _REDIS_CACHE}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# --- Celery ----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # A broker that needs no server: messages are files under var/broker/.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast bindings (pidbox); kombu's default is ./control in the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Webhooks wait on other people's servers: a queue of their own, so that a slow receiver
# never holds up email or the planner (docker-compose.yml runs a worker for each).
CELERY_TASK_ROUTES = {
    name: {"queue": "webhooks"}
    for name in (
        "reminders.send_webhook",
        "reminders.send_webhooks",
        # Their names before the reminders were an app of their own (reminders/tasks.py).
        "timeline.tasks.send_webhook",
        "timeline.tasks.send_webhooks",
    )
}
CELERY_BEAT_SCHEDULE = {
    "plan-reminders": {
        "task": "reminders.plan_reminders",
        "schedule": ANNALS_PLANNER_EVERY_SECONDS,
    },
    "clear-expired-sessions": {
        "task": "events.tasks.clear_expired_sessions",
        "schedule": 6 * 60 * 60,
    },
    "expire-unconfirmed-subscriptions": {
        "task": "reminders.expire_subscriptions",
        "schedule": 60 * 60,
    },
    "refresh-planner-statistics": {
        "task": "events.tasks.refresh_planner_statistics",
        "schedule": 24 * 60 * 60,
    },
}

# --- Email -----------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Annals <annals@localhost>")
# On a developer's machine (./scripts/run sets it unless EMAIL_HOST is set): mail is
# written to this folder, one .eml file a message, and read at /dev/outbox/ while DEBUG
# is on, instead of going to an SMTP server that is not there.
ANNALS_MAIL_OUTBOX = env_str("ANNALS_MAIL_OUTBOX", "")
if ANNALS_MAIL_OUTBOX:
    EMAIL_BACKEND = "timeline.reminders.outbox.OutboxBackend"

# --- Logging ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
