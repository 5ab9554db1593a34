"""Code every app uses: Markdown, optimistic locking, text alignment, admin helpers.

No models and no app: each module has one concern and imports no app of the project.
"""
