"""Payments service (demo)."""
