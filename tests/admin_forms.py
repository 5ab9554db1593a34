"""Turn an admin change page back into the POST data a browser would send from it."""

from __future__ import annotations

from typing import Any

from django import forms


def _add_form(data: dict[str, Any], form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)


def change_form_data(response) -> dict[str, Any]:
    """The fields of the admin form and its inlines, as they were shown on the page."""
    data: dict[str, Any] = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data
