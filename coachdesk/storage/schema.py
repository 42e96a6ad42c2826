"""The schema revisions this CoachDesk knows (kept equal to the Alembic scripts by a test)."""

KNOWN_REVISIONS = ("0001_initial", "0002_goal_measure_definition", "0003_coaching_craft")
HEAD_REVISION = KNOWN_REVISIONS[-1]
