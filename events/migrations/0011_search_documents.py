"""Events get a search document (events.search), and the database an index over it:
PostgreSQL a stored tsvector column with a GIN index, SQLite an FTS5 table that triggers
keep in step with the column (bulk writes included)."""

from django.db import migrations, models

FTS_TRIGGERS = [
    """CREATE VIRTUAL TABLE events_search USING fts5(
        search_doc, content='events_event', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')""",
    """CREATE TRIGGER events_search_insert AFTER INSERT ON events_event BEGIN
        INSERT INTO events_search(rowid, search_doc) VALUES (new.id, new.search_doc);
    END""",
    """CREATE TRIGGER events_search_delete AFTER DELETE ON events_event BEGIN
        INSERT INTO events_search(events_search, rowid, search_doc)
        VALUES ('delete', old.id, old.search_doc);
    END""",
    """CREATE TRIGGER events_search_update AFTER UPDATE OF search_doc ON events_event BEGIN
        INSERT INTO events_search(events_search, rowid, search_doc)
        VALUES ('delete', old.id, old.search_doc);
        INSERT INTO events_search(rowid, search_doc) VALUES (new.id, new.search_doc);
    END""",
]
POSTGRES = [
    """ALTER TABLE events_event ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', search_doc)) STORED""",
    "CREATE INDEX events_event_search ON events_event USING gin (search_vector)",
]


def fill(apps, schema_editor):
    from events.search import document

    Event = apps.get_model("events", "Event")
    Participation = apps.get_model("events", "Participation")
    ActorName = apps.get_model("events", "ActorName")
    other_names: dict[int, list[str]] = {}
    for actor_id, name in ActorName.objects.values_list("actor_id", "name"):
        other_names.setdefault(actor_id, []).append(name)
    names: dict[int, list[str]] = {}
    for event_id, actor_id, name in Participation.objects.values_list(
        "event_id", "actor_id", "actor__name"
    ):
        names.setdefault(event_id, []).extend([name, *other_names.get(actor_id, [])])
    events = Event.objects.order_by("pk").only("id", "title", "summary")
    batch = []
    for event in events.iterator(chunk_size=2000):
        event.search_doc = document([event.title, event.summary, *names.get(event.pk, [])])
        batch.append(event)
        if len(batch) == 2000:
            Event.objects.bulk_update(batch, ["search_doc"])
            batch = []
    Event.objects.bulk_update(batch, ["search_doc"])


def index(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else FTS_TRIGGERS
    for statement in statements:
        schema_editor.execute(statement)
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute("INSERT INTO events_search(events_search) VALUES ('rebuild')")


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS events_event_search")
        schema_editor.execute("ALTER TABLE events_event DROP COLUMN IF EXISTS search_vector")
    else:
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS events_search_{name}")
        schema_editor.execute("DROP TABLE IF EXISTS events_search")


def analyze(apps, schema_editor):
    # Every row was rewritten: without fresh statistics PostgreSQL would not know the
    # index serves a search (a million events searched by scanning until autovacuum).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE events_event")


class Migration(migrations.Migration):
    dependencies = [("events", "0010_event_observed")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_doc",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(index, unindex),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
