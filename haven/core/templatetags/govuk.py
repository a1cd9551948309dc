"""Template helpers for GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}
GROUPED = {"checkboxselectmultiple", "radioselect"}


def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    kind = field.widget_type
    css = WIDGET_CLASSES.get(kind, "govuk-input")
    if field.errors and kind != "checkbox":
        css += f" {css}--error"
    extra = field.field.widget.attrs.get("class", "")
    attrs: dict[str, Any] = {"class": f"{css} {extra}".strip()}
    described = describedby(field)
    if described:
        attrs["aria-describedby"] = described
    if kind in ("select", "selectmultiple"):
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field: BoundField, attrs: dict[str, Any]) -> SafeString:
    """A <select> rendered in Python: Django renders each <option> through a template, which
    costs ~0.3 ms an option (country and organisation lists have hundreds)."""
    widget = field.field.widget
    merged = widget.build_attrs(widget.attrs, attrs)
    if field.auto_id and "id" not in merged:
        merged["id"] = field.auto_id
    context = widget.get_context(field.html_name, field.value(), merged)["widget"]
    groups = []
    for group_name, options, _index in context["optgroups"]:
        rendered = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (o["value"], mark_safe(" selected") if o["selected"] else "", o["label"])
                for o in options
            ),
        )
        groups.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            if group_name
            else rendered
        )
    return format_html(
        "<select{}>{}</select>",
        flatatt(
            {
                k: v
                for k, v in {
                    **context["attrs"],
                    "name": context["name"],
                    "multiple": context["attrs"].get("multiple"),
                }.items()
                if v not in (None, False)
            }
        ),
        format_html_join("", "{}", ((group,) for group in groups)),
    )


@register.filter
def govuk_kind(field: BoundField) -> str:
    kind = field.widget_type
    if kind in GROUPED:
        return "group"
    if kind == "checkbox":
        return "checkbox"
    if kind == "hidden":
        return "hidden"
    return "input"


@register.filter
def govuk_describedby(field: BoundField) -> str:
    return describedby(field)


@register.simple_tag(takes_context=True)
def url_with(context: template.Context, **changes: Any) -> str:
    """The current query string with ``changes`` applied (for pagination and sort links)."""
    request = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
