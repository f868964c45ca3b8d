"""Command bodies that are more than a few lines, each registered in ``cli.py``."""
