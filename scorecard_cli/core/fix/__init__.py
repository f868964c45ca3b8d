"""``scorecard fix``: the fixes of failing rules as changes to files, shown or applied.

``collect`` turns a run's failing rules into changes (files to create, catalog fields to
set, list items and links to add) and the fixes that cannot be applied here; ``yamledit``
and ``jsonedit`` splice an edit into a catalog file's text so that every byte outside
the edited lines stays as it was; ``writes`` shows the changes as a unified diff and
applies them, refusing anything outside the repository, through a symlink, or over an
existing file without ``force``.
"""
