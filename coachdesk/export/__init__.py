"""What leaves CoachDesk: session summaries, coaching logs and tag data (HTML, CSV, JSON, WebVTT).

A layer beside ``storage`` and ``video``: it takes core objects and returns bytes or text, or
writes a file atomically. It imports no Qt, database or video library; turning HTML into PDF
is ``coachdesk.ui.pdf``'s job, and the UI and the command line gather the core objects.

- ``summary``: ``SummaryData``, ``SummaryParts``, ``render_summary_html``.
- ``coaching_log``: ``Period``, ``period_named``, ``build_log``, ``log_csv``, ``render_log_html``.
- ``tags``: ``tag_rows``, ``tags_csv``, ``tags_json``, ``tags_vtt``, ``vtt_path_for``.
- ``clip_statistics``: a clip's tag statistics table and density strip (SVG), ``stats_csv``.
- ``shared_resources``: the resources shared with the teacher, as the summary lists them.
- ``gather``: the same data read through the core ``Services`` (for the UI and the CLI).
- ``templating``: the Jinja environment over ``resources/templates`` (a school may restyle it).
- ``pdf``: page set-up and the signature of an HTML-to-PDF converter.
"""

EXPORT_MODE = 0o644  # an export is meant to be opened by other people and programs
