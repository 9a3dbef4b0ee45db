"""Django settings for Coopilote: one module, read from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from coopilote.env import cache_settings, env_bool, env_int, env_list, env_str

# Lets ModelAdmin[Model] and friends be written as the type checker sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Without DEBUG a real secret is mandatory; the fallback only serves local development and tests.
SECRET_KEY = env_str("SECRET_KEY") if not DEBUG else env_str("SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps come first: their French catalogues and templates take precedence over Django's.
INSTALLED_APPS = [
    "coopilote.core",
    "coopilote.accounts",
    "coopilote.members",
    "coopilote.roadmap",
    "coopilote.voting",
    "coopilote.directory",
    "coopilote.governance",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coopilote.core.middleware.form_address_redirect",
]

ROOT_URLCONF = "coopilote.urls"
WSGI_APPLICATION = "coopilote.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # In every template: {% field %} lays out a form field; |french_date writes « 1er ».
            "builtins": [
                "coopilote.core.templatetags.fields",
                "coopilote.core.templatetags.french",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coopilote.core.context_processors.navigation",
                "coopilote.members.context_processors.unions",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'coopilote.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a long import writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DB_PREPARED_STATEMENTS", True):
    # PostgreSQL spent more time planning the directory's joins than running them (4 ms of
    # planning for a 0.3 ms cooperative lookup): with server-side binding psycopg prepares a
    # query once it ran 5 times on a connection, and PostgreSQL then reuses its plan. Turn it
    # off behind a transaction-mode pooler (PgBouncer < 1.21), which cannot keep them.
    # Added to what DATABASE_URL says (sslmode, options…), never in its place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["coopilote.accounts.backends.EmailBackend"]
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
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "core:home"
# Failed logins allowed per e-mail (and ten times as many per IP address) in the window.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list[Path] = []  # each app ships its own locale/ catalogue

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded photos: served by Django for the demo and the browser tests only; a deployment
# serves MEDIA_ROOT at MEDIA_URL with its web server (nginx, Caddy…).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
# Production serves hashed, compressed files collected into STATIC_ROOT (collectstatic);
# development and tests serve the apps' files directly and need no collectstatic.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Whitenoise's compressed, hashed files, each URL computed once (core/staticfiles.py).
        "BACKEND": "coopilote.core.staticfiles.CachedUrlManifestStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Coopilote <ne-pas-repondre@coopilote.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production defaults; the demo (DEBUG=true, plain http on 127.0.0.1) relaxes cookies.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 12

# Strict CSP: no inline script or style anywhere (htmx's indicator styles are turned off in base).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https://*.tile.openstreetmap.org"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# CACHE_URL: empty for a per-process memory cache (one process: tests); with several processes
# (server workers, the imports' db_worker: `make demo` runs two) use a shared one:
# "redis://127.0.0.1:6379/0", or without Redis "db://coopilote_cache" (after
# `manage.py createcachetable`), else a write made in one process leaves the others' cached
# pages up to PUBLIC_PAGE_CACHE_SECONDS old.
CACHES = cache_settings(env_str("CACHE_URL", ""))
# French alphabetical order (core/collation.py): PostgreSQL's ICU collation; SQLite gets a
# collation of this name written in Python.
FRENCH_COLLATION = env_str("FRENCH_COLLATION", "fr-x-icu")
# Public pages kept for visitors without a session (core/pagecache.py); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

# The public address of the site, for links in e-mails sent outside a request (digests).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# The union shown to visitors when a deployment hosts several (its slug); empty: the first one.
DEFAULT_UNION = env_str("DEFAULT_UNION", "")

# Public directory API: requests per client IP and per minute (needs a shared cache in production).
DIRECTORY_API_RATE = env_int("DIRECTORY_API_RATE", 60)

# Background tasks (long imports): rows in the database, run by `manage.py db_worker`.
# TASKS_BACKEND=immediate runs them in the request instead (the demo without a worker, tests).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_str("TASKS_BACKEND", "database") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
