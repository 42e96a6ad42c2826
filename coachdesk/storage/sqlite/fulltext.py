"""The FTS5 full-text index over strategies and notes, kept in step by triggers."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

# External-content FTS5 tables: the text lives once, in the real tables.
# Version 1 of the index, as migration 0001 creates it; a change needs a new migration.
CREATE_STATEMENTS_V1 = (
    """CREATE VIRTUAL TABLE strategy_fts USING fts5(
        title, purpose, steps_text, look_fors_text,
        content='strategy', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER strategy_fts_ai AFTER INSERT ON strategy BEGIN
        INSERT INTO strategy_fts(rowid, title, purpose, steps_text, look_fors_text)
        VALUES (new.id, new.title, new.purpose, new.steps_text, new.look_fors_text); END""",
    """CREATE TRIGGER strategy_fts_ad AFTER DELETE ON strategy BEGIN
        INSERT INTO strategy_fts(strategy_fts, rowid, title, purpose, steps_text, look_fors_text)
        VALUES ('delete', old.id, old.title, old.purpose, old.steps_text, old.look_fors_text);
        END""",
    """CREATE TRIGGER strategy_fts_au AFTER UPDATE ON strategy BEGIN
        INSERT INTO strategy_fts(strategy_fts, rowid, title, purpose, steps_text, look_fors_text)
        VALUES ('delete', old.id, old.title, old.purpose, old.steps_text, old.look_fors_text);
        INSERT INTO strategy_fts(rowid, title, purpose, steps_text, look_fors_text)
        VALUES (new.id, new.title, new.purpose, new.steps_text, new.look_fors_text); END""",
    """CREATE VIRTUAL TABLE note_fts USING fts5(
        text, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER note_fts_ai AFTER INSERT ON note BEGIN
        INSERT INTO note_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER note_fts_ad AFTER DELETE ON note BEGIN
        INSERT INTO note_fts(note_fts, rowid, text) VALUES ('delete', old.id, old.text); END""",
    """CREATE TRIGGER note_fts_au AFTER UPDATE ON note BEGIN
        INSERT INTO note_fts(note_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO note_fts(rowid, text) VALUES (new.id, new.text); END""",
)

_WORD = re.compile(r"\w+", re.UNICODE)
# A pasted paragraph must not become a thousand-term query: FTS5's time grows with the square of
# repeated terms (100 took 4 s on a note holding them). A dozen distinct words narrow enough.
MAX_WORDS = 12


def match_expression(query: str) -> str | None:
    """Turn what a coach types into an FTS5 query: every word, the last as a prefix."""
    distinct: dict[str, str] = {}
    for word in _WORD.findall(query):
        distinct.setdefault(word.lower(), word)  # the tokenizer folds case the same way
    words = list(distinct.values())[:MAX_WORDS]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def search_strategy_ids(connection: Connection, query: str) -> list[int]:
    """Return strategy ids matching ``query``, best first."""
    expression = match_expression(query)
    if expression is None:
        return []
    rows = connection.execute(
        text(
            "SELECT rowid FROM strategy_fts WHERE strategy_fts MATCH :q "
            "ORDER BY bm25(strategy_fts, 10.0, 3.0, 2.0, 2.0)"
        ),
        {"q": expression},
    )
    return [int(r[0]) for r in rows]


def search_note_ids(connection: Connection, query: str) -> list[int]:
    expression = match_expression(query)
    if expression is None:
        return []
    rows = connection.execute(
        text("SELECT rowid FROM note_fts WHERE note_fts MATCH :q ORDER BY rank"),
        {"q": expression},
    )
    return [int(r[0]) for r in rows]


def forget_deleted_notes(connection: Connection) -> None:
    """Merge the note index into one segment, dropping the words of deleted notes.

    FTS5 records a deletion as a marker beside the old entry, so a deleted note's words stay in
    the index (and in the file) until its segments merge; 'optimize' merges them now.
    """
    connection.execute(text("INSERT INTO note_fts(note_fts) VALUES('optimize')"))
