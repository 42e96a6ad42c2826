"""The coach's settings: small JSON values by key."""

from __future__ import annotations

import json
from typing import Any

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.storage import rows
from coachdesk.storage.db import Database

CALENDAR = "school_calendar"
COACH_NAME = "coach_name"


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        with self._db.read() as s:
            row = s.get(rows.SettingRow, key)
            return json.loads(row.value) if row else default

    def put(self, key: str, value: Any) -> Changed[Any]:
        with self._db.session() as s:
            row = s.get(rows.SettingRow, key)
            text = json.dumps(value, ensure_ascii=False)
            if row is None:
                s.add(rows.SettingRow(key=key, value=text))
            else:
                row.value = text
        return Changed(value, Changes.of(Entity.SETTINGS))

    def calendar(self) -> SchoolCalendar:
        data = self.get(CALENDAR)
        return SchoolCalendar.from_json(data) if data else SchoolCalendar()

    def save_calendar(self, calendar: SchoolCalendar) -> Changed[Any]:
        return self.put(CALENDAR, calendar.to_json())

    def coach_name(self) -> str:
        return str(self.get(COACH_NAME, "") or "")
