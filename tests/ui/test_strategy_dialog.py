"""The strategy dialog edits a draft; a bundled strategy is edited as the coach's own copy."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coachdesk.core.playbook import Category, StrategySource
from coachdesk.core.problems import PersistentProblem
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.strategy_dialog import StrategyDialog


def test_an_existing_strategy_round_trips(qtbot: QtBot, ctx: UiContext):
    bundled = next(s for s in ctx.services.playbook.list() if s.title == "Cold call")
    dialog = StrategyDialog(None, bundled)
    qtbot.addWidget(dialog)
    assert dialog.draft() == bundled.draft()
    assert not dialog.copy_note.isHidden()  # says it will make the coach's own copy
    assert "copy" in dialog.windowTitle()


def test_new_strategy_from_the_form(qtbot: QtBot):
    dialog = StrategyDialog()
    qtbot.addWidget(dialog)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert dialog.copy_note.isHidden()
    assert not save.isEnabled()  # a strategy needs a title
    dialog.title.setText("  Think, pair, share ")
    assert save.isEnabled()
    dialog.category.setCurrentIndex(dialog.category.findText("Questioning and feedback"))
    dialog.steps.setPlainText("Think alone\n\n  Pair up  \nShare with the class\n")
    dialog.look_fors.setPlainText("Every pair talks")
    dialog.problem_boxes[PersistentProblem.EXPOSING_THINKING].setChecked(True)
    draft = dialog.draft()
    assert draft.title == "Think, pair, share"
    assert draft.category is Category.QUESTIONING_FEEDBACK
    assert draft.steps == ("Think alone", "Pair up", "Share with the class")
    assert draft.look_fors == ("Every pair talks",)
    assert draft.problems == frozenset({PersistentProblem.EXPOSING_THINKING})


def test_own_strategy_is_edited_in_place(qtbot: QtBot, ctx: UiContext):
    original = ctx.services.playbook.list()[0]
    own = ctx.services.playbook.duplicate(original.id).value
    assert own.source is StrategySource.OWN
    dialog = StrategyDialog(None, own)
    qtbot.addWidget(dialog)
    assert dialog.copy_note.isHidden()
    assert len(dialog.steps.extraSelections()) == len(own.steps) // 2  # every other step shaded
