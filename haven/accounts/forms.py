"""Forms of the accounts pages. They parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from haven.accounts.models import TIME_ZONE_CHOICES, Organisation
from haven.accounts.roles import Role

WORKING_LANGUAGES = [
    ("zh-hans", _("Chinese (Simplified)")),
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("my", _("Burmese")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("de", _("German")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("ar", _("Arabic")),
    ("tl", _("Filipino")),
    ("id", _("Indonesian")),
    ("mn", _("Mongolian")),
    ("ko", _("Korean")),
]


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The user name or password is not right. After several failed "
            "attempts the account is locked for a while."
        ),
        "inactive": _("This account is not active. Ask your organisation's administrator."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a backup code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
                "spellcheck": "false",
            }
        ),
    )


class PreferencesForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, allow_sysadmin: bool, **kwargs: Any) -> None:
        choices = [(r.value, r.label) for r in Role if allow_sysadmin or r != Role.SYSADMIN]
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault("help_text", _("Give only the roles the person needs for their work."))
        kwargs.setdefault("error_messages", {"required": _("Choose at least one role.")})
        super().__init__(choices=choices, **kwargs)


class UserCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only. The person signs in with it."),
        error_messages={
            "invalid": _("Use only letters, digits and @ . + - _"),
            "required": _("Enter a user name."),
        },
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "The invitation is sent here. Without an address, give the person the "
            "invitation link shown on the next page through a safe channel."
        ),
        error_messages={"invalid": _("Enter an e-mail address like name@example.org.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, organisations: Any, allow_sysadmin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["roles"] = RolesField(allow_sysadmin=allow_sysadmin)
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first()


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.org.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class RolesForm(forms.Form):
    def __init__(self, *args: Any, allow_sysadmin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"] = RolesField(allow_sysadmin=allow_sysadmin)


class MembershipAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["roles"] = RolesField(allow_sysadmin=True)


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("User name, e-mail, or the exact full name.")
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Any organisation"),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() <= 1:
            del self.fields["organisation"]


class OrganisationForm(forms.Form):
    """Create or edit an organisation; ``sysadmin=False`` shows only what org admins may change."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_zh_hans = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=[])
    region = forms.CharField(label=_("Region"), max_length=120, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=WORKING_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    require_2fa = forms.BooleanField(
        label=_("Require two-factor authentication"),
        required=False,
        help_text=_("Members must set up an authenticator app before they can use Haven."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    SYSADMIN_ONLY = ("name", "kind", "country", "is_active")

    def __init__(self, *args: Any, sysadmin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", ""), *list(countries)]  # type: ignore[attr-defined]
        if not sysadmin:
            for name in self.SYSADMIN_ONLY:
                del self.fields[name]

    @classmethod
    def initial_for(cls, org: Organisation) -> dict[str, Any]:
        return {
            "name": org.name,
            "name_zh_hans": org.name_translations.get("zh-hans", ""),
            "name_en": org.name_translations.get("en", ""),
            "kind": org.kind,
            "country": str(org.country),
            "region": org.region,
            "languages": org.languages,
            "require_2fa": org.require_2fa,
            "is_active": org.is_active,
        }

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        translations = {"zh-hans": data.pop("name_zh_hans", ""), "en": data.pop("name_en", "")}
        data["name_translations"] = {k: v.strip() for k, v in translations.items() if v.strip()}
        return data
