"""The two ends of an edit form's write: the view hands the service the form's cleaned values
(:func:`form_values`), never ``form.save(commit=False)``; the service puts them on the row it saves
(:func:`assign`) — the stored row being edited, or a new one it makes itself.
"""

from django.db import models


def form_values(form, *also: str) -> dict:
    """The cleaned values of the model fields ``form`` edits, as ``ModelForm.save`` would set them.

    Many-to-many fields are left out (a service takes those by name); a field with a default that the post
    left out keeps its default, as in Django's ``construct_instance``. ``also`` names cleaned values of the
    form's own that the model stores too (e.g. a household picked through one of its members).
    """
    opts = form._meta
    values = {}
    for field in opts.model._meta.fields:
        name = field.name
        if not field.editable or isinstance(field, models.AutoField) or name not in form.cleaned_data:
            continue
        if (opts.fields is not None and name not in opts.fields) or (opts.exclude and name in opts.exclude):
            continue
        if (
            field.has_default()
            and form[name].field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name))
            and form.cleaned_data.get(name) in form[name].field.empty_values
        ):
            continue
        values[name] = form.cleaned_data[name]
    values.update({name: form.cleaned_data[name] for name in also if name in form.cleaned_data})
    return values


def assign(row: models.Model, values: dict) -> models.Model:
    """Put ``values`` (field name → value; no many-to-many) on ``row`` the way a model form does."""
    for name, value in values.items():
        row._meta.get_field(name).save_form_data(row, value)
    return row
