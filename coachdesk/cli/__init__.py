"""Subcommands of the ``coachdesk`` command line that work without a window."""
