"""Settings of the nodes the whole-path journey starts (``e2e/whole_path_nodes.py``): Haven's
own settings, with the static files served from the source tree (``collectstatic`` and its
compression take minutes) and a fast password hasher (a dozen sign-ins per run)."""

from haven.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
