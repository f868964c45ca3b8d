"""Limits shared by the modules that read repository files."""

MAX_READ_BYTES = 1024 * 1024  # bytes of a repository file read for scm.file.contains
