"""Accessible names for the admin's form fields where Django's admin leaves them out.

- A tabular inline shows one heading per column and no label per field, so a screen reader
  hears "edit text" for every cell: each field gets an `aria-label` naming the column and
  the row ("Text, Article IV").
- Widgets the admin builds with JavaScript: select2's autocomplete combobox is named only by
  the value it shows (an empty one has no name), and the filter_horizontal search icon
  carries an aria-label that its element may not have. static/js/admin-widget-names.js names
  the one after the field's label and gives the other a role. Without JavaScript neither
  widget exists and the plain select keeps its label.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

WIDGET_NAMES_JS = "js/admin-widget-names.js"


class NamedWidgetsMixin:
    """For a ModelAdmin or inline with autocomplete or filter_horizontal fields (list it
    before the admin class)."""

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=[WIDGET_NAMES_JS])


class NamedInlineFieldsMixin(NamedWidgetsMixin):
    """For a TabularInline: names every field of every row (list it before the inline class)."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        formset = super().get_formset(request, obj, **kwargs)

        def add_fields(self, form: forms.Form, index: int | None) -> None:
            # After the formset's own fields (delete, order) are added, so that they are named.
            formset.add_fields(self, form, index)
            row = str(form.instance) if form.instance.pk else "new row"
            for field in form.fields.values():
                # A related field's wrapper shares its `attrs` with the class-wide widget it
                # was copied from: name the form's own copy inside it instead.
                widget = getattr(field.widget, "widget", field.widget)
                if not widget.is_hidden:
                    widget.attrs["aria-label"] = f"{field.label}, {row}"

        return type(formset.__name__, (formset,), {"add_fields": add_fields})
