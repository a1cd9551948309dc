"""Haven's settings, read from the environment (see ``haven/core/config.py`` and the README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from haven.core import config

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(config.env_str("HAVEN_VAR_DIR", "var")).resolve()

DEBUG = config.env_bool("HAVEN_DEBUG", False)
DEMO = config.env_bool("HAVEN_DEMO", False)
_GENERATE_SECRETS = DEBUG or DEMO

SECRET_KEY = config.secret_key(VAR_DIR, generate=_GENERATE_SECRETS)
HAVEN_KEYS = config.key_config(VAR_DIR, generate=_GENERATE_SECRETS)

ALLOWED_HOSTS = config.env_list("HAVEN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = config.env_list("HAVEN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django.forms",
    "haven.core",
    "haven.accounts",
    "haven.audit",
    "haven.screening",
    "haven.cases",
    "haven.referrals",
    "haven.shelters",
    "haven.exchange",
    "haven.stats",
    "haven.training",
    "haven.ops",
    "haven.api",
    "haven.web",
]

MIDDLEWARE = [
    "haven.ops.observe.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "haven.accounts.middleware.UserPreferencesMiddleware",
    "haven.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"
FORM_RENDERER = "haven.core.forms.GovukFormRenderer"

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
                "haven.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        config.env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'haven.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue instead
    # of failing half-way; WAL lets readers go on while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Data on SSD or in memory: random reads cost little more than sequential ones, so the
    # planner uses index-only scans (e.g. statistics over ``case_org_counted``). A ``?options=``
    # in DATABASE_URL, or ALTER DATABASE ... SET behind a pooler, takes precedence.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Sessions: signed out after a period without activity, and when the browser closes.
SESSION_COOKIE_AGE = config.env_int("HAVEN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# HTTPS and security headers.
HTTPS = config.env_bool("HAVEN_HTTPS", not _GENERATE_SECRETS)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and config.env_bool("HAVEN_HSTS_PRELOAD", True)
if config.env_bool("HAVEN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Languages: adding one is adding locale files and a line here.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = config.env_str("HAVEN_TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Lock-out after repeated failed logins (django-axes), by user name and address together.
AXES_FAILURE_LIMIT = config.env_int("HAVEN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("HAVEN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "haven.accounts.views.auth.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

OTP_TOTP_ISSUER = "Haven"

EMAIL_HOST = config.env_str("HAVEN_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = config.env_int("HAVEN_EMAIL_PORT", 587)
    EMAIL_HOST_USER = config.env_str("HAVEN_EMAIL_USER")
    EMAIL_HOST_PASSWORD = config.env_str("HAVEN_EMAIL_PASSWORD")
    EMAIL_USE_TLS = config.env_bool("HAVEN_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = config.env_str("HAVEN_DEFAULT_FROM_EMAIL", "haven@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "haven.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "haven.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "haven.api.problems.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "auth": "20/min",
        "anon": config.env_str("HAVEN_API_RATE_ANON", "120/min"),
        "user": config.env_str("HAVEN_API_RATE_USER", "1200/min"),
    },
    # Clients are told apart by REMOTE_ADDR, or the proxy's X-Forwarded-For behind one proxy;
    # never by a header the client chose.
    "NUM_PROXIES": 1 if config.env_bool("HAVEN_BEHIND_PROXY", False) else 0,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=config.env_int("HAVEN_API_TOKEN_HOURS", 10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haven API",
    "DESCRIPTION": _(
        "Identify, protect and assist victims of human trafficking. Authenticate with a token "
        "from POST /api/v1/auth/token (send it as the header 'Authorization: Token' followed by "
        "the token) or a browser "
        "session. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One schema name per shared choice set (countries, HTCDS picklists, stages).
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "haven.api.schema.country_choices",
        "GenderEnum": "haven.cases.vocab.Gender",
        "EventTypeEnum": "haven.cases.vocab.EventType",
        "OrganisationKindEnum": "haven.accounts.models.Organisation.Kind",
        "AssessmentKindEnum": "haven.cases.models.care.Assessment.Kind",
        "ProceedingKindEnum": "haven.cases.models.case.Proceeding.Kind",
        "DocumentKindEnum": "haven.cases.models.work.Document.Kind",
        "TaskKindEnum": "haven.cases.models.work.Task.Kind",
        "StageEnum": "haven.cases.models.case.Stage",
        "ExploitationTypeEnum": "haven.cases.vocab.ExploitationType",
        "PlatformEnum": "haven.cases.vocab.Platform",
        "SupportPlanTypeEnum": "haven.cases.vocab.SupportPlanType",
    },
}

# Background work (deliveries to partner nodes, large exports, reports): a database queue,
# run by `haven db_worker`; several workers may share one PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

HAVEN_METRICS_TOKEN = config.env_str("HAVEN_METRICS_TOKEN")

_cache_url = config.env_str("HAVEN_CACHE_URL")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "haven_cache",
        }
    }
elif _cache_url:
    raise ImproperlyConfigured("HAVEN_CACHE_URL must be redis://..., rediss://... or db.")

_log_format = config.env_str("HAVEN_LOG_FORMAT", "plain")
if _log_format not in ("plain", "json"):
    raise ImproperlyConfigured("HAVEN_LOG_FORMAT must be plain or json.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "haven.ops.observe.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _log_format}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "haven": {"level": config.env_str("HAVEN_LOG_LEVEL", "INFO")},
        # Django logs every 4xx with its path; Haven's request log has the route name instead.
        "django.request": {"level": "ERROR"},
        # axes would log user names and addresses of failed logins; the audit trail has them.
        "axes": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "haven.web.views.csrf_failure"
