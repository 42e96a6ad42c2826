"""Create or edit a playbook strategy: what it is, why it works, its steps and look-fors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.playbook import Category, Strategy, StrategyDraft, StrategySource
from coachdesk.core.problems import PersistentProblem


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class LinesEdit(QPlainTextEdit):
    """One item per line; every other line is shaded so a wrapped step still reads as one."""

    STRIPE = QColor("#eef3f8")

    def __init__(self) -> None:
        super().__init__()
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        stripes: list[QTextEdit.ExtraSelection] = []
        block = self.document().begin()
        number = 0
        while block.isValid():
            if number % 2 == 1:
                stripe = QTextEdit.ExtraSelection()
                stripe.format.setBackground(self.STRIPE)
                stripe.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                cursor = QTextCursor(block)
                cursor.clearSelection()
                stripe.cursor = cursor
                stripes.append(stripe)
            number += 1
            block = block.next()
        self.setExtraSelections(stripes)


class StrategyDialog(QDialog):
    """Edits a ``StrategyDraft``; a bundled strategy is edited as a copy, which the dialog says."""

    def __init__(self, parent: QWidget | None = None, strategy: Strategy | None = None) -> None:
        super().__init__(parent)
        self._strategy = strategy
        bundled = strategy is not None and strategy.source is StrategySource.BUNDLED
        if strategy is None:
            self.setWindowTitle("New strategy")
        elif bundled:
            self.setWindowTitle(f"Edit your own copy of “{strategy.title}”")
        else:
            self.setWindowTitle(f"Edit “{strategy.title}”")
        self.setMinimumWidth(620)
        self._build_ui(bundled)
        if strategy is not None:
            self._load(strategy)
        self._on_title_text_changed(self.title.text())

    def _build_ui(self, bundled: bool) -> None:
        self.copy_note = QLabel(
            "This strategy comes with CoachDesk and stays as it is. Your changes are saved as "
            "<b>your own copy</b>, which appears beside the original in the playbook."
        )
        self.copy_note.setWordWrap(True)
        self.copy_note.setStyleSheet(
            "background:#fff8e1; border:1px solid #ffe082; "
            "border-radius:4px; padding:6px; color:#5d4037;"
        )
        self.copy_note.setVisible(bundled)

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(200)
        self.title.setPlaceholderText("e.g. Think, pair, share")
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.purpose = self._text_box(
            "Why it works", "The principle behind it: why it helps students learn", height=84
        )
        self.wrong_choice = self._text_box(
            "When it is the wrong choice",
            "Situations where another strategy would be a better response",
        )
        self.steps = self._text_box(
            "Steps", "One step per line — five short, observable steps work best", height=170
        )
        self.look_fors = self._text_box(
            "Look-fors", "One per line: what you would see students doing when it works", height=110
        )
        problems = QWidget()
        problems_layout = QVBoxLayout(problems)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.setSpacing(2)
        self.problem_boxes: dict[PersistentProblem, QCheckBox] = {}
        for problem in PersistentProblem:
            box = QCheckBox(problem.label)
            box.setToolTip(problem.description)
            box.setAccessibleName(problem.label)
            problems_layout.addWidget(box)
            self.problem_boxes[problem] = box

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._ok.setText("Save copy" if bundled else "Save")
        self.title.textChanged.connect(self._on_title_text_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title)
        form.addRow("&Category", self.category)
        form.addRow("&Why it works", self.purpose)
        form.addRow("&Wrong choice when", self.wrong_choice)
        form.addRow("&Steps", self.steps)
        form.addRow("&Look-fors", self.look_fors)
        form.addRow("Persistent &problems", problems)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.copy_note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        label_for_problems = form.labelForField(problems)
        if isinstance(label_for_problems, QLabel):
            label_for_problems.setBuddy(next(iter(self.problem_boxes.values())))

    def _text_box(self, name: str, placeholder: str, height: int = 64) -> QPlainTextEdit:
        box = LinesEdit() if name in ("Steps", "Look-fors") else QPlainTextEdit()
        box.setAccessibleName(name)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(height)
        return box

    def _load(self, strategy: Strategy) -> None:
        self.title.setText(strategy.title)
        self.category.setCurrentIndex(self.category.findData(strategy.category.value))
        self.purpose.setPlainText(strategy.purpose)
        self.wrong_choice.setPlainText(strategy.wrong_choice_when)
        self.steps.setPlainText("\n".join(strategy.steps))
        self.look_fors.setPlainText("\n".join(strategy.look_fors))
        for problem, box in self.problem_boxes.items():
            box.setChecked(problem in strategy.problems)

    def draft(self) -> StrategyDraft:
        """Return what the form says, as a draft the playbook service can save."""
        return StrategyDraft(
            title=self.title.text().strip(),
            category=Category(self.category.currentData()),
            purpose=self.purpose.toPlainText().strip(),
            wrong_choice_when=self.wrong_choice.toPlainText().strip(),
            steps=_lines(self.steps.toPlainText()),
            look_fors=_lines(self.look_fors.toPlainText()),
            problems=frozenset(p for p, box in self.problem_boxes.items() if box.isChecked()),
            uid=self._strategy.uid if self._strategy is not None else "",
        )

    def _on_title_text_changed(self, text: str) -> None:
        self._ok.setEnabled(bool(text.strip()))

    def _on_buttons_accepted(self) -> None:
        if self.title.text().strip():
            self.accept()
