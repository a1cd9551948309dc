"""No two stays of a bed overlap in time, enforced by the database.

PostgreSQL: an exclusion constraint over (bed, daterange(starts_on, ends_on)) with btree_gist
(a trusted extension since PostgreSQL 13). SQLite: triggers with the same rule. Cancelled
reservations do not count; a stay's range is [starts_on, ends_on), open while current.

SQLite rebuilds a table for most column changes, which drops its triggers: a later
migration that alters shelters_stay must create these triggers again (the test
``test_the_database_refuses_overlapping_stays_in_the_past`` fails if they are missing).
"""

from django.db import migrations

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE shelters_stay ADD CONSTRAINT stay_no_overlap EXCLUDE USING gist "
    "(bed_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&) "
    "WHERE (status <> 'cancelled')",
]
PG_DOWN = ["ALTER TABLE shelters_stay DROP CONSTRAINT IF EXISTS stay_no_overlap"]

OVERLAP = """
    NEW.status <> 'cancelled'
    AND NEW.starts_on < COALESCE(NEW.ends_on, '9999-12-31')
    AND EXISTS (
        SELECT 1 FROM shelters_stay AS s
        WHERE s.bed_id = NEW.bed_id AND s.id <> NEW.id AND s.status <> 'cancelled'
        AND s.starts_on < COALESCE(s.ends_on, '9999-12-31')
        AND s.starts_on < COALESCE(NEW.ends_on, '9999-12-31')
        AND COALESCE(s.ends_on, '9999-12-31') > NEW.starts_on
    )
"""
SQLITE_UP = [
    f"""CREATE TRIGGER stay_no_overlap_insert BEFORE INSERT ON shelters_stay
    WHEN {OVERLAP}
    BEGIN SELECT RAISE(ABORT, 'stay_no_overlap'); END""",
    f"""CREATE TRIGGER stay_no_overlap_update
    BEFORE UPDATE OF bed_id, starts_on, ends_on, status ON shelters_stay
    WHEN {OVERLAP}
    BEGIN SELECT RAISE(ABORT, 'stay_no_overlap'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS stay_no_overlap_insert",
    "DROP TRIGGER IF EXISTS stay_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("shelters", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
