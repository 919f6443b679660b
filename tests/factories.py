from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import Actor, ActorName, Event, Place, Source, Tag
from timeline.reminders.models import PlannerState, Subscription


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    timezone = "Asia/Pyongyang"


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.PERSON


class ActorNameFactory(DjangoModelFactory):
    class Meta:
        model = ActorName

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://news.example/{n}")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    date = "1953-07-27"
    status = Event.Status.PUBLISHED


def due_now(lead_days=(0,), count=1, **kwargs) -> list[Subscription]:
    """Confirmed subscriptions whose send time passed half an hour ago, and an event
    whose anniversary is then, so that the next planner run finds them due."""
    moment = timezone.now() - timedelta(minutes=30)
    for lead in lead_days:
        day = (moment + timedelta(days=lead)).date()
        EventFactory(
            date=f"{1952 if (day.month, day.day) == (2, 29) else 1953}"
            f"-{day.month:02d}-{day.day:02d}"
        )
    PlannerState.objects.update_or_create(
        pk=1, defaults={"planned_until": moment - timedelta(minutes=5)}
    )
    # Made confirmed, directly: a confirmation email would be one more message here.
    return [
        Subscription.objects.create(
            target="all",
            email=f"reader{n}@example.org",
            lead_days=list(lead_days),
            timezone="UTC",
            send_time=moment.time().replace(microsecond=0),
            confirmed_at=timezone.now(),
            **kwargs,
        )
        for n in range(count)
    ]
