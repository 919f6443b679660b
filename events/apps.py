from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Records"

    def ready(self) -> None:
        from events.changes import track_records
        from events.models import track_search_documents
        from events.roles import ensure_editors_group

        track_records()
        track_search_documents()

        # Permissions exist only once migrate has created them, app by app; keeping the
        # group in step after every app's post_migrate means it ends complete.
        post_migrate.connect(ensure_editors_group, dispatch_uid="annals-editors-group")
