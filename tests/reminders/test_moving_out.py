"""Reminders became an app of its own (label `reminders`) by state-only migrations: a
database made while its models were the timeline app's keeps its rows, and their content
types (which permissions and the admin's history point at) follow them."""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from timeline.reminders.models import Subscription

BEFORE = [("timeline", "0007_timeline_summary"), ("reminders", None)]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_subscriptions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    OldSubscription = old.get_model("timeline", "Subscription")
    kept = OldSubscription.objects.create(
        channel="email",
        email="reader@example.org",
        target="all",
        lead_days=[7, 0],
        milestone_lead_days=[],
        timezone="Asia/Seoul",
        confirmed_at=datetime(2023, 7, 20, tzinfo=UTC),
    )
    old_type = ContentType.objects.get_or_create(app_label="timeline", model="subscription")[0]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Subscription.objects.get(pk=kept.pk)
    assert moved.email == "reader@example.org" and moved.timezone == "Asia/Seoul"
    assert moved.lead_days == [7, 0] and moved.confirmed_at is not None
    old_type.refresh_from_db()
    assert (old_type.app_label, old_type.model) == ("reminders", "subscription")
    assert ContentType.objects.get_for_model(Subscription).pk == old_type.pk
    assert Subscription._meta.app_label == "reminders"
    assert Subscription._meta.db_table == "timeline_subscription"
