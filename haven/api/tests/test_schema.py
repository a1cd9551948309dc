"""The OpenAPI document covers every /api/v1 route, and the docs page is served locally."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from haven.accounts import services
from haven.accounts.roles import Role

# Every test here is a database test, so pytest-django always sets up the test database before
# the module-scoped ``schema`` fixture below uses it (even when only one test is selected).
pytestmark = pytest.mark.django_db

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            found.extend(_walk(entry.url_patterns, route))
        else:
            found.append((route, entry))
    return found


def api_v1_routes() -> list[tuple[str, str, Any, list[str]]]:
    """Every URL under /api/v1 from the root resolver: (Django route, OpenAPI path, view class,
    lower-case HTTP methods the view implements)."""
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        callback = pattern.callback
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        # A plain function view (not DRF, so surely undocumented) counts as a GET route.
        methods = [m for m in HTTP_METHODS if hasattr(view, m)] if view else ["get"]
        routes.append((route, "/" + CONVERTER.sub(r"{\1}", route), view, methods))
    return routes


def concrete_url(route: str) -> str:
    """``route`` with a fresh random UUID for every parameter."""
    return "/" + CONVERTER.sub(lambda _m: str(uuid.uuid4()), route)


def _shape(path: str) -> str:
    """A path with parameter names erased (the generator may rename ``pk`` to ``id``)."""
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture(scope="module")
def schema(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    """The document as an ordinary signed-in user gets it, fetched once per module (in a
    transaction that is rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        sysadmin = services.bootstrap_sysadmin(
            organisation_name="Schema test unit",
            kind="police",
            country="CN",
            username="root",
            password=None,
        )
        screener = services.user_create(
            actor=sysadmin,
            organisation=sysadmin.memberships.get().organisation,
            username="reader",
            roles=[Role.SCREENER.value],
        ).user
        client = Client()
        client.force_login(screener, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get("/api/schema/")
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    document = yaml.safe_load(response.content)
    assert isinstance(document, dict)
    return document


def test_routes_are_enumerated() -> None:
    routes = {route for route, *_rest in api_v1_routes()}

    assert "api/v1/auth/token" in routes
    assert "api/v1/users/<uuid:pk>/memberships/<uuid:membership>/roles" in routes
    assert len(routes) >= 11


def test_schema_is_openapi_3(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"]
    assert schema["info"]["version"]


def test_json_format_gives_the_same_document(
    world: Any, login: Any, schema: dict[str, Any]
) -> None:
    response = login(world.user(Role.SCREENER)).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response.json()["paths"].keys() == schema["paths"].keys()


def test_schema_documents_every_route_and_method(schema: dict[str, Any]) -> None:
    documented = {_shape(path): operations for path, operations in schema["paths"].items()}
    missing: list[str] = []
    for route, openapi_path, _view, methods in api_v1_routes():
        operations = documented.get(_shape(openapi_path), {})
        missing.extend(f"{m.upper()} {route}" for m in methods if m not in operations)

    assert missing == []


def test_schema_has_no_routes_that_do_not_exist(schema: dict[str, Any]) -> None:
    real = {_shape(openapi_path) for _route, openapi_path, _view, _m in api_v1_routes()}

    assert {_shape(path) for path in schema["paths"]} <= real


def test_every_operation_has_a_summary_and_a_unique_id(schema: dict[str, Any]) -> None:
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
    without_summary = [name for name, op in operations if not op.get("summary", "").strip()]
    ids = [op["operationId"] for _name, op in operations]

    assert operations
    assert without_summary == []
    assert len(ids) == len(set(ids))


def test_security_schemes_are_knox_token_and_session_cookie(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"].values()

    assert {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }.items() <= next(s for s in schemes if s.get("in") == "header").items()
    assert 'prefix "Token"' in next(s for s in schemes if s.get("in") == "header")["description"]
    assert {"type": "apiKey", "in": "cookie", "name": "sessionid"} in schemes


def test_token_creation_needs_no_authentication_but_the_rest_do(schema: dict[str, Any]) -> None:
    assert "security" not in schema, "no document-wide requirement"
    token = next(item for path, item in schema["paths"].items() if path.endswith("/auth/token"))
    assert token["post"].get("security", []) in ([], [{}])
    assert {"knoxApiToken": []} in token["delete"]["security"]
    for path, item in schema["paths"].items():
        if path.endswith("/auth/token"):
            continue
        if path.endswith(("/exchange/jwks", "/exchange/inbox")):  # public between nodes
            assert all(item[m].get("security", []) in ([], [{}]) for m in item if m in HTTP_METHODS)
            continue
        for method, operation in item.items():
            if method in HTTP_METHODS:
                names = {name for entry in operation["security"] for name in entry}
                assert names == {"knoxApiToken", "cookieAuth"}, f"{method} {path}"
                assert {} not in operation["security"], f"{method} {path} allows anonymous"


def test_schema_needs_authentication(db: Any, client: Client) -> None:
    response = client.get("/api/schema/")

    assert response.status_code in (401, 403)
    assert b"/api/v1/users/" not in response.content


def test_docs_need_authentication(db: Any, client: Client) -> None:
    assert client.get("/api/docs/").status_code in (401, 403)


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src", "iframe": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.urls.append(value)


def test_docs_reference_only_local_files(world: Any, login: Any) -> None:
    client = login(world.user(Role.SCREENER))

    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"] == "'self'"
    assert "http" not in response["Content-Security-Policy"]
    parser = _Assets()
    parser.feed(response.content.decode())
    assert any(url.endswith(".js") for url in parser.urls)
    assert any(url.endswith(".css") for url in parser.urls)
    for url in parser.urls:
        parts = urlsplit(url)
        assert not parts.scheme, url
        assert not parts.netloc, url
        assert url.startswith("/"), url
        # ... and each of them is really served here.
        assert client.get(url).status_code == 200, url
