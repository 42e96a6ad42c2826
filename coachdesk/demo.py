"""A demo workspace: a term of coaching with five colleagues, written as a coach would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from coachdesk.core.cycles import Outcome
from coachdesk.core.goals import MeasurementSource, PeersCriterion
from coachdesk.core.observations import EvidenceKind, ObservationMode
from coachdesk.core.playbook import Strategy
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.services import Services
from coachdesk.core.sessions import ActionOwner, SessionKind


def _strategy(services: Services, title: str) -> Strategy:
    found = [s for s in services.playbook.list() if s.title.casefold() == title.casefold()]
    return found[0] if found else services.playbook.list()[0]


def fill_demo(services: Services, today: dt.date | None = None, *, with_clip: bool = False) -> bool:
    """Fill an empty workspace with demo coachees and cycles; return False if not empty.

    ``with_clip`` also generates a short lesson clip with tags (about a second of work).
    """
    if services.coachees.list():
        return False
    today = today or dt.date.today()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    all_checks = frozenset(PeersCriterion)

    # 1. Priya: Identify, goal drafted, strategy chosen but not yet modelled.
    priya = services.coachees.add("Priya Shah", "Year 4 class teacher", today=ago(30)).value
    cycle = services.cycles.start(priya.id, ago(12), "Getting everyone answering").value
    services.cycles.save(
        replace(
            cycle,
            problem=PersistentProblem.ENLISTING_PARTICIPATION,
            current_reality="In maths, the same six hands go up. In a 10-minute sample, 7 of 28 "
            "pupils answered a question; the rest waited it out.",
        )
    )
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(
            goal,
            text="Every pupil answers at least one question in each maths lesson.",
            measure="Pupils who answer at least once in a lesson (of 28)",
            unit="pupils",
            baseline=7,
            target=26,
            checks=frozenset(
                {PeersCriterion.POWERFUL, PeersCriterion.STUDENT_FOCUSED, PeersCriterion.EASY}
            ),
        )
    )
    services.cycles.add_measurement(
        cycle.id, ago(12), 7, MeasurementSource.OBSERVATION, "Baseline: tally during the lesson"
    )
    services.cycles.choose_strategy(cycle.id, _strategy(services, "Mini-whiteboards").id, ago(5))
    session = services.sessions.add(cycle.id, ago(5), SessionKind.IDENTIFY, 35).value
    services.sessions.save(
        replace(
            session,
            notes="Watched the first 10 minutes of the clip together. Priya was surprised "
            "how few pupils spoke. She wants something that 'gets them all in'.",
            next_meeting=dt.datetime.combine(today + dt.timedelta(days=3), dt.time(15, 30)),
        )
    )
    services.sessions.add_action(
        session.id, "Get a class set of whiteboards and pens ready", ago(1), ActionOwner.COACHEE
    )
    obs = services.observations.add(
        cycle.id, ago(12), ObservationMode.LIVE, "4P maths, column subtraction"
    ).value
    for minute, text in (
        (2, "Starter on board; 5 pupils still unpacking"),
        (6, "Q: 'What is 403 - 158?' — hands up from the same table"),
        (11, "Paired talk asked for, most pairs silent"),
    ):
        services.observations.add_note(obs.id, minute * 60_000, text)

    # 2. Tom: Learn, practising cold call.
    tom = services.coachees.add("Tom Okafor", "Science (KS3)", today=ago(60)).value
    cycle = services.cycles.start(tom.id, ago(40), "Questions that reach everyone").value
    cycle = services.cycles.save(
        replace(
            cycle,
            problem=PersistentProblem.EXPOSING_THINKING,
            current_reality="Tom asks lots of questions but takes the first right answer, so he "
            "rarely knows who has understood.",
        )
    ).value
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(
            goal,
            text="Most students can explain the particle model in their own words by half-term.",
            measure="% of students whose exit-ticket explanation is correct",
            unit="%",
            baseline=35,
            target=80,
            checks=all_checks,
        )
    )
    for days, value, note in (
        (40, 35, "Exit ticket before the cycle"),
        (20, 52, "After two weeks of cold call"),
    ):
        services.cycles.add_measurement(
            cycle.id, ago(days), value, MeasurementSource.STUDENT_WORK, note
        )
    cold_call = _strategy(services, "Cold call")
    services.cycles.choose_strategy(cycle.id, cold_call.id, ago(35))
    services.cycles.set_modelled(cycle.id, ago(30))
    for step in (0, 1):
        services.cycles.set_practised(cycle.id, step, ago(25))
    services.cycles.set_practised(cycle.id, 2, ago(18))
    services.cycles.advance(cycle.id, ago(28))
    session = services.sessions.add(cycle.id, ago(18), SessionKind.FEEDBACK, 25).value
    services.sessions.save(
        replace(
            session,
            notes="Looked at the tally from Tuesday's lesson: 19 different students "
            "answered, up from 8.",
            habit_reflection="Steps 1 and 2 happen every time now. Step 3 (wait before naming) "
            "slips when he is rushing.",
            understanding_reflection="He sees that cold call is right when he needs to know what "
            "the whole class thinks, and wrong as a 'gotcha'.",
        )
    )
    services.sessions.add_action(
        session.id,
        "Plan three cold-call questions into Thursday's lesson",
        ago(10),
        ActionOwner.COACHEE,
    )
    _rehearse(
        services,
        session.id,
        2,
        (
            "Named Ben straight after the question: try again, question first, then count",
            "Better: counted to three in his head, but looked at Ben while counting",
            "Question, pause, scan the room, then the name. That's it.",
        ),
        secure=True,
    )
    _follow(services, cycle.id, "bundled/term-two-checking-understanding")
    _share_sheet(
        services,
        cycle.id,
        ago(30),
        "Cold call planning sheet.txt",
        "Cold call: planning sheet\n\n1. Ask the question to everyone.\n2. Pause (count to "
        "three).\n3. Then say the name.\n\nPlan three questions for the lesson:\n",
        "The sheet we planned Thursday's questions on",
    )
    obs = services.observations.add(
        cycle.id, ago(20), ObservationMode.VIDEO, "9S2 particle model, filmed on the class iPad"
    ).value
    services.observations.add_note(
        obs.id,
        4 * 60_000 + 12_000,
        "Cold call with wait time — three students named",
        evidence_kind=EvidenceKind.OBSERVATION,
    )

    # 3. Hannah: Improve, reviewing progress.
    hannah = services.coachees.add("Hannah Lewis", "English, Head of Year 8", today=ago(120)).value
    cycle = services.cycles.start(hannah.id, ago(70), "Calm starts to lessons").value
    cycle = services.cycles.save(
        replace(
            cycle,
            problem=PersistentProblem.CONTAINING_BEHAVIOUR,
            current_reality="Year 8 arrive loud after lunch; the first 8 minutes are lost "
            "settling them.",
        )
    ).value
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(
            goal,
            text="Students are working on the starter within 2 minutes of entering.",
            measure="Minutes from the door to all students working",
            unit="min",
            baseline=8,
            target=2,
            checks=all_checks,
        )
    )
    for days, minutes in ((70, 8.0), (50, 5.0), (30, 3.0), (9, 2.5)):
        services.cycles.add_measurement(cycle.id, ago(days), minutes)
    services.cycles.choose_strategy(cycle.id, _strategy(services, "Entry routine").id, ago(65))
    _follow(services, cycle.id, "bundled/first-half-term-routines")
    services.cycles.set_modelled(cycle.id, ago(60))
    services.cycles.advance(cycle.id, ago(58))
    for step in range(5):
        services.cycles.set_practised(cycle.id, step, ago(50 - step * 4))
    services.cycles.advance(cycle.id, ago(20))
    session = services.sessions.add(cycle.id, ago(9), SessionKind.REVIEW, 40).value
    services.sessions.save(
        replace(
            session,
            notes="Down from 8 minutes to 2.5. Hannah wants to keep going until the "
            "Friday lesson is as calm as the rest.",
            habit_reflection="The routine runs every lesson; greeting at the door is the step "
            "that makes the difference.",
            understanding_reflection="It works because there is nothing to decide on entry; "
            "she sees it would be wrong for a practical lesson start.",
            next_meeting=dt.datetime.combine(today + dt.timedelta(days=5), dt.time(8, 15)),
        )
    )

    # 4. Marcus: a completed cycle.
    marcus = services.coachees.add(
        "Marcus Bell", "Maths, early-career teacher", today=ago(200)
    ).value
    cycle = services.cycles.start(marcus.id, ago(150), "Worked examples before practice").value
    cycle = services.cycles.save(
        replace(
            cycle,
            problem=PersistentProblem.PORTRAYING_CURRICULUM,
            current_reality="Students start practice before seeing a complete example and get "
            "stuck on step 2.",
            outcome=Outcome.CONTINUE,
        )
    ).value
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(
            goal,
            text="Students complete the first three practice questions without help.",
            measure="% of students who finish Q1–3 unaided",
            unit="%",
            baseline=40,
            target=75,
            checks=all_checks,
        )
    )
    for days, percent in ((150, 40.0), (120, 61.0), (95, 78.0)):
        services.cycles.add_measurement(cycle.id, ago(days), percent)
    services.cycles.choose_strategy(cycle.id, _strategy(services, "Worked examples").id, ago(145))
    services.cycles.set_modelled(cycle.id, ago(140))
    services.cycles.advance(cycle.id, ago(138))
    services.cycles.set_practised(cycle.id, 0, ago(130))
    services.cycles.advance(cycle.id, ago(110))
    services.cycles.advance(cycle.id, ago(92))
    services.sessions.add(cycle.id, ago(92), SessionKind.REVIEW, 30)

    # 5. Grace: archived (left the school).
    grace = services.coachees.add("Grace Adeyemi", "Geography (left in July)", today=ago(400)).value
    services.coachees.save(replace(grace, archived=True))
    if with_clip:
        add_demo_clip(services)
    return True


def _rehearse(
    services: Services, session_id: int, step: int, rounds: tuple[str, ...], *, secure: bool
) -> None:
    rehearsal = services.practice.add_rehearsal(session_id, step).value
    for feedback in rounds:
        rehearsal = services.practice.add_round(rehearsal.id, feedback).value
    services.practice.save_rehearsal(replace(rehearsal, secure=secure))


def _follow(services: Services, cycle_id: int, sequence_uid: str) -> None:
    sequence = next((q for q in services.sequences.list() if q.uid == sequence_uid), None)
    if sequence is not None:
        services.sequences.follow(cycle_id, sequence.id)


def _share_sheet(
    services: Services, cycle_id: int, on: dt.date, name: str, text: str, note: str
) -> None:
    """Share a small document with the teacher, copied into the demo workspace."""
    from coachdesk.core.atomic import private_folder, write_atomically

    folder = private_folder(services.data_dir / "demo-documents")
    write_atomically(folder / name, text.encode("utf-8"))
    services.resources.add_file(
        str(folder / name), cycle_id=cycle_id, note=note, copy_in=True, shared_on=on
    )


def add_demo_clip(services: Services) -> bool:
    """Give Tom's filmed lesson a generated clip with tags; return False if it cannot be made."""
    from coachdesk.core.errors import CoachDeskError
    from coachdesk.video.demo_clip import write_demo_lesson
    from coachdesk.video.fingerprint import fingerprint
    from coachdesk.video.probe import probe

    tom = next((c for c in services.coachees.list() if c.name == "Tom Okafor"), None)
    if tom is None:
        return False
    cycle = services.cycles.list(tom.id)[0]
    observation = next(
        o for o in services.observations.list(cycle.id) if o.mode is ObservationMode.VIDEO
    )
    try:
        path = write_demo_lesson(services.data_dir / "clips" / "demo-9S2-particle-model.avi")
        clip = services.clips.add(
            observation.id, str(path), fingerprint(path), probe(path), copied_in=True
        ).value
    except (CoachDeskError, OSError):
        return False
    questioning = next(s for s in services.tags.tag_sets() if s.uid == "starter/questioning")
    services.observations.save(replace(observation, tag_set_id=questioning.id, clip_offset_ms=0))
    by_label = {t.label: t for t in questioning.types}
    moments = (
        (6_000, "Open question", "What happens to the particles when we heat the can?"),
        (14_000, "Wait time given", "Counted to five before taking answers"),
        (17_000, "Cold call", "Named Aisha, then Ben — both explained"),
        (35_000, "Closed question", ""),
        (41_000, "Teacher answers own Q", "Answered before anyone had a go"),
        (48_000, "Probing follow-up", "'Why do you think that?'"),
        (62_000, "Whole-class response", "Boards up: 26 of 28 right"),
        (78_000, "Cold call", ""),
    )
    for at_ms, label, note in moments:
        tag_type = by_label.get(label) or questioning.types[0]
        services.tags.add_tag(clip.id, tag_type.id, at_ms, note=note)
    cold_call = _strategy(services, "Cold call")
    services.model_clips.add(
        cold_call.id, clip.id, "Watch the pause between the question and the name", cycle.started_on
    )
    return True
