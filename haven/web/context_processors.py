from typing import Any

from django.http import HttpRequest

from haven.web.navigation import menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu(request)}
