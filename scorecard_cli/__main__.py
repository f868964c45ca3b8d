"""Entry point for ``python -m scorecard_cli``."""

from scorecard_cli.cli import main

if __name__ == "__main__":
    main()
