"""Gap-analysis pieces for pages of other apps, which may not import gaps themselves.

Dependencies run gaps -> provisions -> instruments, so an instrument or provision page that
shows coverage gets it from these tags, loaded by its template, not from its own view.
"""

from __future__ import annotations

from django import template

from instruments.models import Instrument

from ..instrument_row import instrument_row
from ..models import Release

register = template.Library()


@register.inclusion_tag("gaps/_instrument_row.html")
def instrument_matrix_row(instrument: Instrument) -> dict:
    """`{% instrument_matrix_row instrument %}`: a one-row coverage table (two queries)."""
    return {"instrument": instrument, "cells": instrument_row(instrument)}


@register.simple_tag
def current_release() -> Release | None:
    """`{% current_release as release %}`: the corpus release loaded last (one query)."""
    return Release.objects.current()
