"""The engine: load scorecards and catalog files, evaluate rules, compute levels.

Nothing in this package prints, exits, or imports typer or rich.
"""
