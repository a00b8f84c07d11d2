"""hrmatch settings: one file, every value read from the environment with embedded-demo defaults.

Without any variable set, hrmatch runs the embedded demo: a SQLite file, Celery tasks run eagerly
in-process and a local-memory cache. `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis.
`.env.example` lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from audit.history import TRACKED as AUDIT_TRACKED

# Django's generic classes (ModelAdmin[Occupation], ModelForm[WorkerProfile]) accept type arguments at run
# time, as mypy's strict checks ask of typed modules.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; unset means the default."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated variable into a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read a whole-number variable."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DJANGO_DEBUG", True)

# The demo key is only ever used with DEBUG on; a production start without a key fails loudly.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "demo-insecure-key-for-local-runs-only-never-in-production-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Key for the keyed hash of ID numbers: rotate only with a re-hash of every stored number.
ID_HASH_KEY = os.environ.get("HRMATCH_ID_HASH_KEY", SECRET_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    # The project package: its template tags (hrmatch_pages) serve every app's pages.
    "hrmatch",
    "auditlog",
    "audit",
    "notifications",
    "pilots",
    "talent",
    "enterprises",
    "agencies",
    "training",
    "matching",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the guards below, so that their answers under /api/v1/ take the API's error shape too.
    "hrmatch.middleware.ApiErrorShapeMiddleware",
    "hrmatch.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who changed personal data: the row history takes its actor and address from the request.
    "audit.middleware.AuditActorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hrmatch.urls"
WSGI_APPLICATION = "hrmatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'hrmatch.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous job-board answers (page results, API lists) stay cached at most this long; publishing,
# pausing, closing, filling or editing a vacancy retires its city's answers at once (enterprises/board.py).
HRMATCH_BOARD_CACHE_SECONDS = env_int("HRMATCH_BOARD_CACHE_SECONDS", 300)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    # Token first: an anonymous request then answers 401 with `WWW-Authenticate: Token`, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "audit.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["hrmatch.api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hrmatch.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "hrmatch.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "hrmatch.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, refusing NUL characters (the middleware sees only the bodies Django parses).
    "DEFAULT_PARSER_CLASSES": [
        "hrmatch.api.parsers.JSONParser",
        "hrmatch.api.parsers.FormParser",
        "hrmatch.api.parsers.MultiPartParser",
    ],
    # Reverse proxies in front of the app that append to X-Forwarded-For (0: the header is ignored, so
    # a client cannot lift a rate limit by writing it). Pages and the login lockout use the same rule.
    "NUM_PROXIES": env_int("HRMATCH_TRUSTED_PROXIES", 0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("HRMATCH_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("HRMATCH_THROTTLE_USER", "1200/minute"),
        "login": os.environ.get("HRMATCH_THROTTLE_LOGIN", "10/minute"),
        # The sign-in page and sign-up, per client address (a factory floor may share one address).
        "login_page": os.environ.get("HRMATCH_THROTTLE_LOGIN_PAGE", "30/minute"),
        "signup": os.environ.get("HRMATCH_THROTTLE_SIGNUP", "20/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "hrmatch API",
    "DESCRIPTION": "Job matching for the pilot cities that join HR services to manufacturing.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc are served from the app's static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EmploymentFormEnum": "talent.work_terms.EmploymentForm",
        "ShiftPatternEnum": "talent.work_terms.ShiftPattern",
        "SkillLevelEnum": "talent.work_terms.SkillLevel",
        "CertificateLevelEnum": "talent.work_terms.CertificateLevel",
        "VacancyStatusEnum": "enterprises.models.Vacancy.Status",
        "WorkerStatusEnum": "talent.models.WorkerProfile.Status",
        "MatchRunStatusEnum": "matching.models.MatchRun.Status",
        "ApplicationStageEnum": "matching.models.Application.Stage",
        "DriveStatusEnum": "training.models.Drive.Status",
        "InterviewModeEnum": "matching.models.Interview.Mode",
        "InterviewStatusEnum": "matching.models.Interview.Status",
        "JobMarkKindEnum": "matching.models.JobMark.Kind",
    },
}

# Content Security Policy: every script, style, font and image comes from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Lock out by username and IP together, after 5 failures, for 15 minutes: locking by IP alone would
# lock a whole factory floor behind one NAT address.
AXES_FAILURE_LIMIT = env_int("HRMATCH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("HRMATCH_LOGIN_LOCKOUT", True)
# The same client address as the throttles: X-Forwarded-For only as far as HRMATCH_TRUSTED_PROXIES says.
AXES_CLIENT_IP_CALLABLE = "hrmatch.client.client_address"

# API tokens expire this many days after they are issued (a new one is obtained with the password),
# and every token of a user is revoked when their password changes or the login is deactivated.
HRMATCH_TOKEN_TTL_DAYS = env_int("HRMATCH_TOKEN_TTL_DAYS", 30)

# The audit trail (docs/privacy.md): django-auditlog keeps the row history of personal data, with
# identifiers and free text redacted; audit.AccessLog keeps every read of unmasked identity and every
# export. Both are append-only on PostgreSQL and pruned nightly after this many days (at least 183).
AUDITLOG_INCLUDE_TRACKING_MODELS = AUDIT_TRACKED
AUDITLOG_MASK_CALLABLE = "audit.history.redact"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False
HRMATCH_AUDIT_RETENTION_DAYS = env_int("HRMATCH_AUDIT_RETENTION_DAYS", 365)

# In-app notifications are pruned nightly (notifications.services.notification_prune): read ones this
# many days after they were sent, unread ones after the longer second limit (never shorter than the first).
HRMATCH_NOTIFICATION_RETENTION_DAYS = env_int("HRMATCH_NOTIFICATION_RETENTION_DAYS", 180)
HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS = env_int("HRMATCH_NOTIFICATION_UNREAD_RETENTION_DAYS", 365)

# Celery: without Redis the demo runs every task eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A killed pool child must give its message back, or acks_late alone loses it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
# A dead worker's unacknowledged tasks come back once they are older than the visibility timeout.
# kombu only looks for them on every 10th sweep (each 10 s) by default, so a task given back could
# wait 100 s beyond its timeout; looking on every sweep costs one sorted-set read per worker each 10 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE

# Matching: vacancies per Celery chunk, and processes the engine may fork inside one task (1 under
# Celery's prefork pool, whose children may not fork; more for a one-off command on a big machine).
MATCHING_CHUNK_VACANCIES = env_int("MATCHING_CHUNK_VACANCIES", 2000)
MATCHING_ENGINE_JOBS = env_int("MATCHING_ENGINE_JOBS", 1)
# Workers one city's run may keep busy at once (its chunks are dealt into this many lanes); 0: no limit.
MATCHING_CITY_CONCURRENCY = env_int("MATCHING_CITY_CONCURRENCY", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Task start/success lines drown a command's own output; warnings and failures still show.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The eager demo has no broker host; kombu warns about it on every run.
        "kombu.connection": {"level": "ERROR"},
    },
}

# Production hardening: on unless DEBUG; each can be relaxed by its variable behind a TLS proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Mail (password reset links): written to the console unless a backend is configured.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "hrmatch <noreply@localhost>")

# The password of every demo login that seed_demo creates (printed by `make run`).
HRMATCH_DEMO_PASSWORD = os.environ.get("HRMATCH_DEMO_PASSWORD", "hrmatch-demo-2026")
