"""CoachDesk: an offline desktop companion for instructional coaches."""

__version__ = "0.1.0"
