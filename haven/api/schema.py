"""OpenAPI extensions: describe our authentication classes to drf-spectacular."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "haven.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def country_choices() -> list[tuple[str, str]]:
    """The country choice set of the API's country fields (one schema enum for all)."""
    from django_countries import countries

    return [(code, name) for code, name in countries]
