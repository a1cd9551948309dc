"""Model fields that encrypt identity data at rest, and blind indexes to find it.

An encrypted field stores ``hv1.<kid>.<ciphertext>`` text (see ``haven.core.crypto``) and gives
back the plain Python value when read. Encrypted columns cannot be filtered on (each encryption
is different); search with a ``BlindIndexField`` of the same model instead::

    full_name = EncryptedCharField(max_length=200, blank=True)
    full_name_index = BlindIndexField(source="full_name")
    User.objects.filter(full_name_index=User.index_of("full_name_index", "Zhang Wei"))

Blind indexes are computed in ``pre_save``, so write through ``save()`` (services do), not
``QuerySet.update()``; ``haven rotate-keys`` recomputes them all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup
from django.utils.module_loading import import_string

from haven.core import crypto


class EncryptedMixin:
    """Shared behaviour of encrypted fields: encrypt on the way in, decrypt on the way out."""

    encrypted = True
    name: str
    model: type[models.Model]

    @property
    def encryption_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return crypto.keyring().encrypt(self.to_text(value), context=self.encryption_context)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_text(crypto.keyring().decrypt(value, context=self.encryption_context))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        message = (
            f"{self.encryption_context} is encrypted and cannot be searched with "
            f"'{lookup_name}'; use its blind index."
        )

        class RefusedLookup(Lookup):
            """Fails when the query runs: ciphertexts never match a plain value."""

            prepare_rhs = False

            def as_sql(self, compiler: Any, connection: Any) -> Any:
                raise FieldError(message)

        RefusedLookup.lookup_name = lookup_name
        return RefusedLookup


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Free text (notes, addresses) encrypted at rest."""


class EncryptedCharField(EncryptedMixin, models.TextField):
    """A short encrypted value with a maximum length (validated, not a column limit)."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)  # type: ignore[misc]
        self.validators.append(validators.MaxLengthValidator(max_length))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        kwargs.setdefault("form_class", forms.CharField)
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class EncryptedDateField(EncryptedMixin, models.DateField):
    """A date (e.g. birth date) encrypted at rest."""

    def to_text(self, value: Any) -> str:
        return value.isoformat()

    def from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def get_prep_value(self, value: Any) -> Any:
        value = models.DateField.to_python(self, value)
        if value is None:
            return None
        return crypto.keyring().encrypt(self.to_text(value), context=self.encryption_context)


class BlindIndexField(models.CharField):
    """Keyed HMAC of the normalised value of another field of the same model."""

    def __init__(
        self,
        *args: Any,
        source: str,
        normaliser: str = "haven.core.crypto.normalise_text",
        **kwargs: Any,
    ) -> None:
        self.source = source
        self.normaliser = normaliser
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.normaliser != "haven.core.crypto.normalise_text":
            kwargs["normaliser"] = self.normaliser
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    @property
    def purpose(self) -> str:
        return f"{self.model._meta.label_lower}.{self.source}"

    def compute(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        normalise: Callable[[str], str] = import_string(self.normaliser)
        normalised = normalise(str(value))
        if not normalised:
            return None
        return crypto.blind_index(normalised, purpose=self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_of(model: type[models.Model], field_name: str, value: str) -> str | None:
    """The blind index that ``value`` would have in ``model.field_name`` (for lookups)."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, BlindIndexField):
        raise FieldError(f"{model._meta.label}.{field_name} is not a blind index.")
    return field.compute(value)


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """Structured identity data (documents, contacts, aliases) encrypted at rest as JSON."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_text(self, value: Any) -> str:
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def from_text(self, text: str) -> Any:
        import json

        return json.loads(text)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.keyring().encrypt(self.to_text(value), context=self.encryption_context)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_text(crypto.keyring().decrypt(value, context=self.encryption_context))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return self.to_text(self.value_from_object(obj))


class MultiChoiceField(models.CharField):
    """Several codes from ``choices`` (HTCDS multi-select picklists), stored as
    ``,code1,code2,`` so that one code can be filtered on every database::

        Case.objects.filter(exploitation_types__contains=",ForcedLabour,")

    (use ``MultiChoiceField.lookup(code)`` to build the pattern).
    """

    _pyi_private_set_type: list[str] | str  # type: ignore[assignment]
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "CharField"

    @staticmethod
    def lookup(code: str) -> str:
        return f",{code},"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return self.to_python(value)

    def to_python(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return [part for part in str(value).split(",") if part]

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(","):
            return value  # already a lookup pattern
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        from django.core.exceptions import ValidationError

        allowed = {str(k) for k, _v in self.flatchoices}
        bad = [code for code in self.to_python(value) if code not in allowed]
        if bad:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(bad)},
            )
        if not self.blank and not self.to_python(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.MultipleChoiceField(
            choices=list(self.flatchoices),
            required=not self.blank,
            label=self.verbose_name,
            widget=forms.CheckboxSelectMultiple,
            **{k: v for k, v in kwargs.items() if k in ("help_text", "initial")},
        )

    def value_to_string(self, obj: models.Model) -> str:
        return ",".join(self.to_python(self.value_from_object(obj)))
