"""A whole CoachDesk session under an audit hook that fails on any attempt to use the network.

Usage: python -m tests.reliability.privacy_child DATA_DIR EXPORT_DIR MARKER
The hook goes in before anything else is imported. The session: open the workspace, fill the
demo through the window, edit through the panes' public methods, export and import a playbook
file, back up, record a colleague whose every field holds MARKER, erase them through the
coachees pane, then close the window. Prints one JSON line: what the hook saw, the erased
colleague's row ids, and whether MARKER was still in the database files just after the erasure.
"""

from __future__ import annotations

import sys

NETWORK_EVENTS = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "socket.bind",
    "socket.sendto",
    "socket.sendmsg",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
    "imaplib.open",
    "poplib.connect",
    "webbrowser.open",
}
seen: dict[str, list[str]] = {"blocked": [], "sockets": [], "processes": []}


def audit(event: str, args: tuple[object, ...]) -> None:
    if event in NETWORK_EVENTS:
        seen["blocked"].append(f"{event} {args!r}"[:200])
        raise PermissionError(f"CoachDesk tried to use the network: {event} {args!r}")
    if event == "socket.__new__":
        seen["sockets"].append(repr(args)[:120])
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"):
        seen["processes"].append(f"{event} {args!r}"[:200])


sys.addaudithook(audit)

import datetime as dt  # noqa: E402  (after the hook, on purpose)
import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402


def scan(folder: Path, marker: str) -> dict[str, int]:
    """Count MARKER (any case) in every file of the data folder."""
    found = {}
    needle = marker.lower().encode()
    for path in folder.rglob("*"):
        if path.is_file():
            found[str(path.relative_to(folder))] = path.read_bytes().lower().count(needle)
    return found


def main(data_dir: Path, export_dir: Path, marker: str) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from coachdesk.app import build_services
    from coachdesk.core.clips import ClipProbe
    from coachdesk.core.goals import MeasurementSource
    from coachdesk.core.playbook import Category, StrategyDraft
    from coachdesk.demo import fill_demo
    from coachdesk.storage.workspace import open_workspace
    from coachdesk.ui.context import UiContext
    from coachdesk.ui.main_window import MainWindow

    today = dt.date(2025, 11, 12)
    app = QApplication.instance() or QApplication([])
    ws = open_workspace(data_dir)
    services = build_services(ws)
    ctx = UiContext(services, today=lambda: today)
    window = MainWindow(services, ctx, load_demo=lambda: fill_demo(services, today=today))
    window.show()
    app.processEvents()
    window.load_demo()

    # Everyday edits through the panes.
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    ctx.select_cycle(services.cycles.list(tom.id)[0].id)
    window.workspace.stage_panel.set_current_reality("Fewer hands, more thinking.")
    window.workspace.goal_panel.set_text("Every pupil explains once a lesson.")
    session = window.workspace.sessions_panel.new_session()
    assert session is not None
    window.workspace.sessions_panel.editor.save_changes(notes="Talked it through.")
    window.playbook_pane.create_strategy(
        StrategyDraft("Think, pair, share", Category.QUESTIONING_FEEDBACK, purpose="Time")
    )
    exported = window.playbook_pane.export_file(export_dir / "playbook.json")
    assert exported is not None
    assert window.playbook_pane.import_file(exported) is not None
    window.back_up_now()
    app.processEvents()

    # A colleague whose every field holds the marker, recorded through the panes.
    pane = window.coachees_pane
    person = pane.create_coachee(f"Ann {marker}", f"Role {marker}", f"Private {marker} notes")
    assert person is not None
    pane.tree.setCurrentIndex(pane.model.index_of_coachee(person.id))
    pane.start_cycle()
    cycle_id = ctx.cycle_id
    assert cycle_id is not None
    window.workspace.stage_panel.set_title(f"Cycle {marker}")
    window.workspace.stage_panel.set_current_reality(f"Reality {marker} " * 40)
    window.workspace.goal_panel.set_text(f"Goal {marker}")
    window.workspace.goal_panel.measurements.add_measurement(
        today, 3, MeasurementSource.OBSERVATION, f"Measured {marker}"
    )
    session = window.workspace.sessions_panel.new_session()
    assert session is not None
    editor = window.workspace.sessions_panel.editor
    editor.save_changes(notes=f"Said {marker}", habit_reflection=f"Habit {marker}")
    editor.agreed_actions.add_action(f"Do {marker}", today)
    observation = window.workspace.observations_panel.new_observation(context=f"Room {marker}")
    assert observation is not None
    for n in range(30):
        window.notes_pane.add_note(f"Saw {marker} number {n}", n * 1000)
    probe = ClipProbe(60_000, 25.0, False, 1500, 640, 360, 0, "h264", True)
    clip = services.clips.add(observation.id, f"/videos/{marker}.mp4", f"v1:{marker}", probe).value
    type_id = services.tags.tag_sets()[0].types[0].id
    tag = services.tags.add_tag(clip.id, type_id, 1000, note=f"Tagged {marker}").value
    dossier = services.cycles.dossier(cycle_id)
    ids = {
        "coachee": [person.id],
        "cycle": [cycle_id],
        "goal": [dossier.goal.id] if dossier.goal else [],
        "measurement": [m.id for m in dossier.goal.measurements] if dossier.goal else [],
        "coaching_session": [s.id for s in dossier.sessions],
        "action": [a.id for s in dossier.sessions for a in s.actions],
        "observation": [observation.id],
        "note": [n.id for n in services.observations.notes(observation.id)],
        "clip": [clip.id],
        "tag": [tag.id],
    }
    window.back_up_now()  # a backup holds them until it rotates out, by design
    app.processEvents()
    before = scan(data_dir, marker)

    # Erase them through the pane, as the coach would (the dialog is skipped).
    ctx.select_cycle(None)
    pane.refresh()
    pane.tree.setCurrentIndex(pane.model.index_of_coachee(person.id))
    assert pane.delete_coachee(confirm=False)
    after_delete = scan(data_dir, marker)  # the app still running: WAL and all
    app.processEvents()

    window.close()
    app.processEvents()
    ws.close()
    report = json.loads(json.dumps(seen))
    try:  # the control: an attempt the hook must stop
        import socket

        socket.getaddrinfo("localhost", 80)
        hook_works = False
    except PermissionError:
        hook_works = True
    print(
        json.dumps(
            {
                "seen": report,
                "hook_works": hook_works,
                "ids": ids,
                "before": before,
                "after_delete": after_delete,
                "after_close": scan(data_dir, marker),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
