"""scorecard: lint software-catalog files against scorecards, locally and offline."""

__version__ = "0.2.0"
