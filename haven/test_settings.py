"""Settings for the test suite: generated, throwaway keys; nothing read from var/."""

import os

from haven.core.config import new_key

os.environ.setdefault("HAVEN_SECRET_KEY", "tests-only-" + new_key())
os.environ.setdefault("HAVEN_FIELD_KEYS", f"test1:{new_key()}")
os.environ.setdefault("HAVEN_INDEX_KEY", new_key())
os.environ.setdefault("HAVEN_HTTPS", "off")

from haven.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once in tests unless a test chooses the database queue (override_settings).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The suite makes thousands of API calls from one address; rate limits have their own tests.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"auth": "20/min", "anon": "100000/min", "user": "100000/min"},
}
