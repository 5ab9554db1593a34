"""Static-file finders that treat a path leaving their directories as "not found".

Django's finders raise SuspiciousFileOperation for such a path (`../config/settings.py`).
`manage.py runserver` serves static files through them in development, and its static handler
only turns Http404 into an answer: `/static/../config/settings.py` gave a 500 there.
Not found is the truth: nothing outside the static directories is ever served.
In production WhiteNoise serves the collected files and never asks a finder.
"""

from __future__ import annotations

from django.contrib.staticfiles.finders import AppDirectoriesFinder, FileSystemFinder
from django.core.exceptions import SuspiciousFileOperation


class ContainedFileSystemFinder(FileSystemFinder):
    """STATICFILES_DIRS, answering None for a path outside them."""

    def find_location(self, root, path, prefix=None):
        try:
            return super().find_location(root, path, prefix)
        except SuspiciousFileOperation:
            return None


class ContainedAppDirectoriesFinder(AppDirectoriesFinder):
    """The apps' static/ folders, answering None for a path outside them."""

    def find_in_app(self, app, path):
        try:
            return super().find_in_app(app, path)
        except SuspiciousFileOperation:
            return None
