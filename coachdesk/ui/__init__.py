"""The PySide6 user interface: thin panes over the services in coachdesk.core.services."""
