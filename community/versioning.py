"""Optimistic locking for every edit form: two people editing one record never overwrite each other.

One mechanism for residents, households, grids, outreach and welfare: the edit form carries an
``edit_token``, a fingerprint of the record as the editor saw it (its stored fields, and the
many-to-many sets the form edits). The service locks the stored row (``SELECT … FOR UPDATE``),
fingerprints it again and refuses to save when it differs — someone saved in between — with a Chinese
message; nothing is written and the form keeps what was typed. No version column is needed, so any
model takes part.
"""

import hashlib

from django import forms
from django.db import models

MESSAGE = "该记录在您编辑期间已被他人修改，您的修改未保存。请记下您的修改，刷新页面后重新编辑。"
MISSING = "页面已过期，您的修改未保存。请刷新页面后重新编辑。"


class ConcurrentEdit(Exception):
    """Someone saved the record after this form was opened; ``str(exc)`` says so in Chinese."""

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


def fingerprint(obj: models.Model, m2m: tuple[str, ...] = ()) -> str:
    """A digest of ``obj``'s stored fields (and of the named many-to-many sets)."""
    digest = hashlib.sha256()
    for field in obj._meta.concrete_fields:
        digest.update(f"{field.attname}={field.value_to_string(obj)}\x1f".encode())
    for name in m2m:
        pks = sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True))
        digest.update(f"{name}={','.join(pks)}\x1f".encode())
    return digest.hexdigest()[:32]


def locked_copy(obj: models.Model) -> models.Model | None:
    """The stored row of ``obj``, locked until the end of the transaction (None if it is gone)."""
    # Ordered by the key alone: a model ordered by a nullable relation (an organisation by its grid) would
    # join it, and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return type(obj)._default_manager.select_for_update().filter(pk=obj.pk).order_by("pk").first()


def check(stored: models.Model | None, token: str | None, m2m: tuple[str, ...] = ()) -> None:
    """Raise :class:`ConcurrentEdit` unless ``stored`` (read under lock) still matches ``token``."""
    if not token:
        raise ConcurrentEdit(MISSING)
    if stored is None or fingerprint(stored, m2m) != token:
        raise ConcurrentEdit(MESSAGE)


def check_unchanged(obj: models.Model, token: str | None, m2m: tuple[str, ...] = ()) -> None:
    """Lock ``obj``'s stored row and check it against ``token``. Call inside the saving transaction.

    New records (no primary key yet) have nothing to compare and pass; ``token=None`` is the caller
    saying there is no form (a command, a test), and passes too.
    """
    if obj._state.adding or obj.pk is None or token is None:
        return
    check(locked_copy(obj), token, m2m)


def form_m2m(form, instance: models.Model) -> tuple[str, ...]:
    """The many-to-many fields of ``instance`` that ``form`` edits (part of what the editor saw)."""
    return tuple(f.name for f in instance._meta.many_to_many if f.name in form.fields)


def add_edit_token(form, instance: models.Model | None) -> None:
    """Give ``form`` (editing an existing ``instance``) the hidden ``edit_token`` of what it shows."""
    if instance is None or instance._state.adding or instance.pk is None:
        return
    form.fields["edit_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.token_m2m = form_m2m(form, instance)
    if not form.is_bound:
        form.initial["edit_token"] = fingerprint(instance, form.token_m2m)


def posted_token(form) -> str | None:
    """The token ``form`` was posted with ("" when the page predates it, which :func:`check` refuses);
    None when the form edits nothing existing (a new record)."""
    if "edit_token" not in form.fields:
        return None
    return (form.data.get(form.add_prefix("edit_token")) or "").strip()


class EditTokenMixin:
    """Adds the hidden ``edit_token`` to a form editing an existing record (``add_edit_token``)."""

    token_m2m: tuple[str, ...] = ()

    def add_edit_token(self, instance: models.Model | None) -> None:
        add_edit_token(self, instance)

    @property
    def edit_token(self) -> str | None:
        return posted_token(self)
