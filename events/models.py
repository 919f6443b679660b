"""The records: events with honest EDTF dates, the sources that report them, and who and
where they concern."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cached_property
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chronology import dates, wording
from chronology.calendars import OBSERVED_NAMES, Observed
from chronology.date_text import read_edtf
from events import images, scopes, search, translated
from events.choices import Choice
from events.markup import render_markdown
from events.roles import sees_drafts
from events.validators import validate_edtf, validate_http_url, validate_time_zone
from gateway.absolute_urls import absolute_url

# Search key for names in any script: NFKC and case-folded, so "ШОЙГУ" finds "Шойгу" on
# SQLite too, whose LIKE folds ASCII only.
fold = search.fold


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # {"ko": {"name": "…"}, …}: events.translated.
    translations = models.JSONField(default=dict, blank=True)
    TRANSLATED = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.translations = _checked_translations(self)


class PlaceQuerySet(models.QuerySet):
    def matching(self, text: str) -> PlaceQuerySet:
        """Places whose name or country holds every word of `text`, in any script and
        case (a scan of the places: they are few beside the events)."""
        places = self
        for word in fold(text).split()[:8]:
            places = places.filter(search_key__contains=word)
        return places if fold(text).split() else self.none()


class Place(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=100, blank=True, help_text="Country name, in English.")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="IANA time zone, e.g. Asia/Pyongyang.",
    )

    # Name and country folded (events.search.fold), for search in any script and case.
    search_key = models.CharField(max_length=400, blank=True, default="", editable=False)
    # {"ko": {"name": "평양"}, …}: events.translated.
    translations = models.JSONField(default=dict, blank=True)
    TRANSLATED = ("name",)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        """The place and its country, in the current language where they are given."""
        return translated.place_words(self)

    def save(self, *args, **kwargs):
        self.search_key = place_key(
            " ".join([self.name, *translated.texts(self.translations)]), self.country
        )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.translations = _checked_translations(self)


def place_key(name: str, country: str) -> str:
    return fold(f"{name} {country}")[:400]


class ActorQuerySet(models.QuerySet):
    def matching(self, text: str) -> ActorQuerySet:
        """Actors with `text` in their name or any other name, in any script, once each."""
        return self.filter(pk__in=Actor.objects.filter(actors_matching(text)).values("pk"))


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        COUNTRY = "country", _("Country")

    name = models.CharField(max_length=200, help_text="The name most English readers know.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


class ActorName(models.Model):
    """Another name of an actor: in another language or script, or an alias."""

    class Kind(models.TextChoices):
        NATIVE = "native", _("Native name")
        TRANSLITERATION = "transliteration", _("Transliteration")
        TRANSLATION = "translation", _("Translation")
        ALIAS = "alias", _("Alias")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=35, blank=True, help_text="BCP 47 language tag, e.g. ko, ru, zh-Hans."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NATIVE)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["actor", "kind", "language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="actorname_unique_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})" if self.language else self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


def actors_matching(query: str) -> Q:
    """A filter on actors whose name or any other name contains `query`, in any script."""
    key = fold(query)
    return Q(search_key__contains=key) | Q(names__search_key__contains=key)


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News report")
        REPORT = "report", _("Report")
        BOOK = "book", _("Book")
        OFFICIAL = "official", _("Official document")
        DATASET = "dataset", _("Dataset")
        REFERENCE = "reference", _("Reference work")

    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text="http or https only.",
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=500, blank=True, help_text="Separate names with ';'.")
    published = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_edtf],
        help_text="EDTF, e.g. 2023-07-26 or 2023-07.",
    )
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(
        "archive URL", max_length=500, blank=True, validators=[validate_http_url]
    )
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47, e.g. en, ko.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text="Sources this one reports from (the 2023 report cites VoA).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    @property
    def language_name(self) -> str:
        """The language the source is written in, named in the current language (CLDR)."""
        return translated.language_name(self.language)

    @property
    def published_display(self) -> str:
        return translated.text_date_words(self.published)


class InList(models.Lookup):
    """`event_id__in_list=[ids]`: IN (...) on SQLite; on PostgreSQL `= ANY('{…}')`, one
    text parameter instead of thousands, which psycopg quotes and PostgreSQL plans in a
    fraction of the time (bench/exports.py reads related rows 2,000 events at a time).
    For whole-number ids only; pass a set, which Django does not walk value by value as it
    does a list."""

    lookup_name = "in_list"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, "{" + ",".join(map(str, ids)) + "}"]
        marks = ", ".join(["%s"] * len(ids)) or "NULL"
        return f"{lhs} IN ({marks})", [*lhs_params, *ids]


models.ForeignKey.register_lookup(InList)
models.BigAutoField.register_lookup(InList)


class Literal(models.Value):
    """A constant written into the SQL instead of passed as a parameter. SQLite uses a
    partial index (WHERE status = 'published') without reading the table only when the
    query names that same literal; with a parameter, a count of 100,000 anniversaries
    reads 100,000 rows."""

    def as_sql(self, compiler, connection):
        if not (isinstance(self.value, str) and re.fullmatch(r"[a-z][a-z0-9_-]*", self.value)):
            raise ValueError(f"Literal takes identifier-like strings, not {self.value!r}")
        return f"'{self.value}'", []


# How many matches a search reads off the index before it leaves the rest to the query.
SEARCH_IDS = 10_000


def _search_condition(db: str, words: list[str]) -> RawSQL:
    if connections[db].vendor == "postgresql":
        # The stored tsvector column and its GIN index (migration 0011).
        return RawSQL("search_vector @@ to_tsquery('simple', %s)", [search.tsquery(words)])
    # SQLite's FTS5 table mirroring search_doc (migration 0011).
    return RawSQL(
        "events_event.id IN (SELECT rowid FROM events_search WHERE events_search MATCH %s)",
        [search.fts5_query(words)],
    )


def search_ids(db: str, words: list[str], limit: int) -> list[int]:
    """Up to `limit` ids of events matching `words`, read off the search index alone."""
    connection = connections[db]
    with transaction.atomic(using=db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only the GIN index may answer (no scan of the table, whatever the guess):
            # both settings in one statement, local to this transaction.
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true)"
            )
            cursor.execute(
                "SELECT id FROM events_event WHERE search_vector @@ to_tsquery('simple', %s) "
                "LIMIT %s",
                [search.tsquery(words), limit],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM events_search WHERE events_search MATCH %s LIMIT %s",
                [search.fts5_query(words), limit],
            )
        return [row[0] for row in cursor.fetchall()]


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Literal(Event.Status.PUBLISHED.value))

    def visible_to(self, user) -> EventQuerySet:
        """Published events; editors (who may change events) also see drafts and reviews."""
        return self if sees_drafts(user) else self.published()

    def with_relations(self, *, user=None, actor_names: bool = True) -> EventQuerySet:
        """Everything an event's representation shows, in a constant number of queries
        (the API leaves out actors' other names, which only the event page shows).
        Relations whose other end `user` may not see (a draft, to anyone but editors) are
        left out."""
        outgoing = EventRelation.objects.select_related("to_event")
        incoming = EventRelation.objects.select_related("from_event")
        if not sees_drafts(user):
            published = Event.Status.PUBLISHED
            outgoing = outgoing.filter(to_event__status=published)
            incoming = incoming.filter(from_event__status=published)
        lookups: list[str | Prefetch] = [
            "tags",
            Prefetch("participations", queryset=Participation.objects.select_related("actor")),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch("relations_out", queryset=outgoing),
            Prefetch("relations_in", queryset=incoming),
        ]
        if actor_names:
            lookups.append("participations__actor__names")
        return self.select_related("place").prefetch_related(*lookups)

    def moving(self) -> EventQuerySet:
        """Events whose anniversaries another calendar keeps (observed other than
        as-written): they fall on a different day each year, so their month-day columns
        are empty and timeline.anniversaries.listing lists them beside the indexed ones."""
        # The index's own condition (literals), which lets SQLite use the partial index,
        # and the values themselves, which let it search it rather than scan.
        return self.exclude(observed=Literal(Observed.AS_WRITTEN.value)).filter(
            observed__in=[o.value for o in Observed if o is not Observed.AS_WRITTEN]
        )

    def on_this_day(self, month: int, day: int) -> EventQuerySet:
        """Events of one day (day precision) written on this month and day, in any year
        (timeline.anniversaries.listing.on_this_day adds those another calendar brings to it)."""
        # The literal lets SQLite use the event_day_md partial index (as Literal says).
        return self.filter(
            precision=Literal(dates.Precision.DAY.value), start_md=dates.month_day_key(month, day)
        )

    def matching(self, text: str) -> EventQuerySet:
        """Events whose words start with every word of `text` (see searched)."""
        return self.searched(text)[0]

    def searched(self, text: str) -> tuple[EventQuerySet, bool]:
        """Events whose title, summary or actors' names (any of them, any script) hold
        every word of `text` as the start of a word: an index lookup (events.search),
        never a scan of the table. Nothing for a text with no words.

        The index is asked first for up to SEARCH_IDS matches, and when there are no more
        than that, those ids are the answer: a page of them is sorted from a few rows. More
        matches than that are common words, met soon by walking the events in date order,
        which is what the query then does. (Left to itself, PostgreSQL guesses how many a
        prefix matches, and a wrong guess walked a million events for a word in none.) A
        query of single letters begins a word of nearly every event: it goes straight to
        the walk, as asking the index would read all of it.

        With the events, whether they are few (the index's SEARCH_IDS or fewer): then
        counting them is cheap, and a page says how many; else it says "more than"."""
        words = search.query_words(text)
        if not words:
            return self.none(), True
        if not search.common(words):
            ids = search_ids(self.db, words, SEARCH_IDS + 1)
            if len(ids) <= SEARCH_IDS:
                return self.filter(pk__in_list=set(ids)), True
        condition = _search_condition(self.db, words)
        return (
            self.alias(found=ExpressionWrapper(condition, BooleanField())).filter(found=True),
            False,
        )

    def chosen(self, choice: Choice) -> EventQuerySet:
        """The events `choice` chooses (events.selection, where the parameters are
        read). Subqueries, not joins: no duplicates, so no DISTINCT, and a chronological
        page is read off the index in order instead of sorting every match."""
        events: EventQuerySet = self
        if choice.event is not None:
            events = events.filter(pk=choice.event)
        if choice.tag is not None:
            events = events.filter(
                pk__in=Event.tags.through.objects.filter(tag_id=choice.tag).values("event_id")
            )
        if choice.actor is not None:
            events = events.filter(
                pk__in=Participation.objects.filter(actor_id=choice.actor).values("event_id")
            )
        if choice.place is not None:
            events = events.filter(place_id=choice.place)
        if choice.timeline is not None:
            events = cast(EventQuerySet, scopes.narrow(events, "timeline", choice.timeline))
        if choice.kind:
            events = events.filter(kind=choice.kind)
        if choice.after is not None:
            events = events.filter(sort_day__gte=choice.after.earliest)
        if choice.before is not None:
            events = events.filter(sort_day__lte=choice.before.latest)
        return events

    def chronological(self) -> EventQuerySet:
        return self.order_by("sort_day", "latest_day", "pk")


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class Kind(models.TextChoices):
        SIGNING = "signing", _("Signing")
        VISIT = "visit", _("Visit")
        PARADE = "parade", _("Parade")
        MISSILE_TEST = "missile_test", _("Missile test")
        MEETING = "meeting", _("Meeting")
        WAR = "war", _("War")
        CELEBRATION = "celebration", _("Celebration")
        CLOSURE = "closure", _("Closure")
        DISASTER = "disaster", _("Disaster")
        ELECTION = "election", _("Election")
        BIRTH = "birth", _("Birth")
        DEATH = "death", _("Death")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    external_id = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="A stable id from where the event was imported (imports upsert on it).",
    )
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    # The title and summary in other languages: {"ko": {"title": …, "summary": …}, …}
    # (events.translated); English is `title` and `summary` themselves.
    translations = models.JSONField(default=dict, blank=True)
    TRANSLATED = ("title", "summary")
    # Checked with its calendar, across fields (moment_problems): 1700-02-29 is Julian only.
    date = models.CharField(
        max_length=100,
        help_text="EDTF: 1953-07-27, 1953-07, 1953, 1950~ (about), 1953-07-27? (uncertain), "
        "195X (1950s), 2020-21 (spring), 2020-37~ (early 2020), 1950-06-25/1953-07-27, "
        "2020-02/.. (ongoing), -0043-03-15 (15 March 44 BC).",
    )
    calendar = models.CharField(
        max_length=10,
        choices=[(c.value, c.value.capitalize()) for c in dates.Calendar],
        default=dates.Calendar.GREGORIAN.value,
        help_text="The calendar the date is written in: Julian for Russia before 1918, "
        "Greece before 1923, most of Europe before 1582. Earliest and latest are always "
        "Gregorian.",
    )
    # Checked with the date (moment_problems): another calendar keeps a day, in its years.
    observed = models.CharField(
        max_length=16,
        choices=[(o.value, f"{o.value}: {OBSERVED_NAMES[o]}") for o in Observed],
        default=Observed.AS_WRITTEN.value,
        help_text="How the anniversaries fall each year: on the written month and day "
        "(as-written), or kept in another calendar (Gregorian, Julian, Korean or Chinese "
        "lunar, Hebrew, Islamic), on the Gregorian day that falls on.",
    )
    time = models.TimeField(null=True, blank=True, help_text="Local time of day, if known.")
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="IANA time zone of the time, e.g. Asia/Pyongyang. Defaults to the place's.",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    tags = models.ManyToManyField(Tag, blank=True, related_name="events")
    # A picture of the event, with what a reader and a re-user need: what it shows (alt
    # text), who made it and under what licence, and where it was found.
    image = models.ImageField(
        upload_to="events/%Y/",
        blank=True,
        validators=[images.check_image],
        help_text="JPEG, PNG, WebP or GIF; only pictures whose licence allows it.",
    )
    image_thumbnail = models.ImageField(
        upload_to="events/thumbnails/%Y/", blank=True, editable=False
    )
    image_alt = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for those who cannot see it.",
    )
    image_credit = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who made it, and its licence (e.g. “US Army, public domain”).",
    )
    image_source_url = models.URLField(
        "image source",
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text="Where the picture was found (its page, not the file).",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    # Derived from `date` on every save (see apply_date), so filters and sorting need
    # no parsing. Day numbers count from 1970-01-01 and work before year 1.
    precision = models.CharField(
        max_length=12, choices=[(p.value, p.value) for p in dates.Precision], editable=False
    )
    approximate = models.BooleanField(default=False, editable=False)
    uncertain = models.BooleanField(default=False, editable=False)
    earliest_day = models.IntegerField(null=True, editable=False)
    latest_day = models.IntegerField(null=True, editable=False)
    sort_day = models.IntegerField(editable=False, db_index=True)
    start_year = models.IntegerField(editable=False, db_index=True)
    # The year of an interval's end: its anniversaries count from it.
    end_year = models.IntegerField(null=True, editable=False)
    # Where anniversaries are listed, as month * 100 + day (27 July -> 727), for the start
    # and, on intervals, the end: the anniversary queries scan these through indexes.
    # Empty where another calendar keeps them (observed): they move from year to year.
    start_md = models.SmallIntegerField(null=True, editable=False)
    end_md = models.SmallIntegerField(null=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the event is first published: the "newly published" feed's order.
    published_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    # Its title, summary and actors' names as words for the search index (events.search);
    # kept in step by save(), the import and refresh_search_documents().
    search_doc = models.TextField(blank=True, default="", editable=False)
    # The search document is derived (and long): not a change worth a version.
    history = HistoricalRecords(m2m_fields=[tags], excluded_fields=["search_doc"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["sort_day", "latest_day", "pk"]
        indexes = [
            # The public timeline: published events in chronological order.
            models.Index(fields=["status", "sort_day"], name="event_status_sort"),
            # Anniversaries of published events on a day or in a window (in listing order,
            # timeline.anniversaries.listing): by day, then oldest first, so that a page is
            # read straight off the index, and a count is an index-only scan of the
            # narrowest entries (no id: PostgreSQL then folds equal keys together, and
            # sorts ties cheaply).
            models.Index(
                fields=["start_md", "start_year"],
                name="event_start_md_year",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["end_md", "end_year"],
                name="event_end_md_year",
                condition=models.Q(status="published"),
            ),
            # On this day: published events of a day on this month-day, in date order (1
            # January also lists every year- and decade-precision date, which this skips).
            models.Index(
                fields=["start_md", "sort_day"],
                name="event_day_md",
                condition=models.Q(status="published", precision="day"),
            ),
            # The few published events whose anniversaries move (EventQuerySet.moving).
            models.Index(
                fields=["observed"],
                name="event_moving",
                condition=models.Q(status="published") & ~models.Q(observed="as-written"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_display})" if self.date else self.title

    def save(self, *args, **kwargs):
        # Derived columns are set here rather than in a service so that every write
        # path (admin, API, imports, shell) keeps them in step with `date`.
        self.apply_date()
        self._refresh_thumbnail()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        names = actor_names_of([self.pk]).get(self.pk, []) if self.pk else []
        self.search_doc = search.document(
            [self.title, self.summary, *translated.texts(self.translations), *names]
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("event-detail-page", args=[self.slug])

    @cached_property
    def date_value(self) -> dates.EDTFDate:
        return dates.parse_edtf(self.date, self.calendar)

    @property
    def date_display(self) -> str:
        return translated.date_words(self.date_value)

    @property
    def date_description(self) -> str:
        return dates.describe(self.date_value)

    @property
    def earliest(self) -> str | None:
        return dates.iso_day(self.earliest_day) if self.earliest_day is not None else None

    @property
    def latest(self) -> str | None:
        return dates.iso_day(self.latest_day) if self.latest_day is not None else None

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def effective_timezone(self) -> str:
        return self.timezone or (self.place.timezone if self.place else "")

    # The columns apply_date sets, for bulk writes that bypass save().
    DATE_COLUMNS = (
        "precision",
        "approximate",
        "uncertain",
        "earliest_day",
        "latest_day",
        "sort_day",
        "start_year",
        "end_year",
        "start_md",
        "end_md",
    )

    def apply_date(self, parsed: dates.EDTFDate | None = None) -> None:
        """Refresh the columns derived from `date` (or from `parsed`, when the caller has
        already parsed it). Raises EDTFError on an invalid date."""
        self.__dict__.pop("date_value", None)
        if parsed is not None:
            self.__dict__["date_value"] = parsed
        value = self.date_value
        self.precision = value.precision.value
        self.approximate = value.approximate
        self.uncertain = value.uncertain
        self.earliest_day = value.earliest
        self.latest_day = value.latest
        self.sort_day = value.sort_key
        self.start_year = value.first.year
        fixed = self.observed == Observed.AS_WRITTEN
        self.start_md = _md(value.start) if fixed else None
        self.end_md = _md(value.end) if value.is_interval and fixed else None
        self.end_year = value.end.year if value.is_interval and value.end else None

    @property
    def observed_in(self) -> Observed:
        return Observed(self.observed)

    @property
    def observed_name(self) -> str:
        """'the Korean lunar calendar': what keeps the anniversaries, in words (in the
        current language)."""
        language = translated.current()
        if language == "en" or self.observed_in is Observed.AS_WRITTEN:
            return OBSERVED_NAMES[self.observed_in]
        return wording.CALENDAR_NAMES[language][self.observed_in]

    def clean(self) -> None:
        errors = moment_problems(
            self.date, self.time, self.effective_timezone, self.calendar, self.observed
        )
        try:
            self.translations = _checked_translations(self)
        except ValidationError as bad:
            errors["translations"] = " ".join(bad.messages)
        if self.image:
            # A picture is shown only with what it shows and whose it is.
            for field, label in (("image_alt", "alt text"), ("image_credit", "credit")):
                if not getattr(self, field).strip():
                    errors[field] = f"A picture needs its {label}."
        if errors:
            raise ValidationError(errors)

    def _refresh_thumbnail(self) -> None:
        """Make the list thumbnail when the picture is new or changed; drop it with it."""
        if not self.image:
            self.image_thumbnail = ""
            return
        # A picture just uploaded is not yet committed to storage (the field saves it
        # after this): that, or a missing thumbnail, is when one is made.
        if self.image_thumbnail and getattr(self.image, "_committed", True):
            return
        self.image.open()
        self.image_thumbnail.save(
            f"{self.slug or 'event'}.jpg", images.thumbnail(self.image.file), save=False
        )

    @property
    def picture(self) -> dict | None:
        """The picture as pages, the API and TimelineJS show it (None without one)."""
        if not self.image:
            return None
        return picture_of(
            self.image.name or "",
            self.image_thumbnail.name or "",
            self.image_alt,
            self.image_credit,
            self.image_source_url,
        )


def _checked_translations(record) -> dict:
    try:
        return translated.check(record.translations, record.TRANSLATED)
    except ValidationError as bad:
        raise ValidationError({"translations": bad.messages}) from None


def absolute_picture(picture: dict | None) -> dict | None:
    """A picture with absolute URLs (the API's links), from ANNALS_BASE_URL."""
    if picture is None:
        return None
    return {
        **picture,
        "url": absolute_url(picture["url"]),
        "thumbnail_url": absolute_url(picture["thumbnail_url"]),
    }


def picture_of(image: str, thumbnail: str, alt: str, credit: str, source: str) -> dict | None:
    """An event's picture from its columns (a model or a .values() row)."""
    if not image:
        return None
    return {
        "url": default_storage.url(image),
        "thumbnail_url": default_storage.url(thumbnail)
        if thumbnail
        else default_storage.url(image),
        "alt": alt,
        "credit": credit,
        "source_url": source,
    }


def actor_names_of(event_ids) -> dict[int, list[str]]:
    """Every name (and other name) of each event's actors, by event id: two queries."""
    found: dict[int, list[str]] = {}
    actors: dict[int, list[int]] = {}
    for event_id, actor_id, name in Participation.objects.filter(
        event_id__in=list(event_ids)
    ).values_list("event_id", "actor_id", "actor__name"):
        found.setdefault(event_id, []).append(name)
        actors.setdefault(actor_id, []).append(event_id)
    for actor_id, name in ActorName.objects.filter(actor_id__in=list(actors)).values_list(
        "actor_id", "name"
    ):
        for event_id in actors[actor_id]:
            found[event_id].append(name)
    return found


def refresh_search_documents(event_ids) -> None:
    """Work the search documents of these events out again (after their actors changed,
    or a bulk write), a few thousand at a time."""
    ids = sorted(set(event_ids))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        names = actor_names_of(chunk)
        rows = Event.objects.filter(pk__in=chunk).values_list(
            "id", "title", "summary", "translations"
        )
        documents = [
            (
                search.document(
                    [title, summary, *translated.texts(translations), *names.get(pk, [])]
                ),
                pk,
            )
            for pk, title, summary, translations in rows
        ]
        # One plain UPDATE a row, run as a batch: bulk_update's CASE of 2,000 branches
        # took most of a 12,000-event import to build. The search indexes' triggers run
        # as for any update.
        table = connections["default"].ops.quote_name(Event._meta.db_table)
        with connections["default"].cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_doc = %s WHERE id = %s",  # noqa: S608 - our table
                documents,
            )


def moment_problems(
    date: str,
    time,
    zone: str,
    calendar: str = dates.Calendar.GREGORIAN,
    observed: str = Observed.AS_WRITTEN,
) -> dict[str, str]:
    """The rules across an event's date, its calendar, how its anniversaries are
    observed, time of day and time zone (its own, or its place's), by field: the
    model's, the API's and the import's."""
    errors = {}
    if (problem := _calendar_problem(date, calendar)) is not None:
        errors["date"] = problem
    elif date and observed in Observed and calendar in dates.Calendar:
        value = dates.parse_edtf(date, calendar)
        if (problem := dates.observed_problem(value, Observed(observed))) is not None:
            errors["observed"] = problem
    if time is not None:
        if date and not _is_single_day(date, calendar):
            errors["time"] = "A time of day needs a date of day precision, e.g. 1953-07-27."
        if not zone:
            errors["timezone"] = (
                "Give the time zone of this time (or a place that has one), e.g. Asia/Pyongyang."
            )
    return errors


def _calendar_problem(date: str, calendar: str) -> str | None:
    """Why `date` is not an EDTF date of `calendar` (1700-02-29 is Julian only), with
    what to write instead where we can tell; None when it is one. A blank date or an
    unknown calendar is left to those fields' own checks."""
    if not date or calendar not in dates.Calendar:
        return None
    try:
        read_edtf(date, dates.Calendar(calendar))
    except dates.EDTFError as exc:
        return str(exc)
    return None


def _is_single_day(date: str, calendar: str = dates.Calendar.GREGORIAN) -> bool:
    try:
        value = dates.parse_edtf(date, calendar if calendar in dates.Calendar else "gregorian")
    except dates.EDTFError:
        return True  # the date field reports its own error
    return not value.is_interval and value.precision is dates.Precision.DAY


def _md(point: dates.DatePoint | None) -> int | None:
    if point is None:
        return None
    return dates.month_day_key(*dates.listing_month_day(point))


class Citation(models.Model):
    """An event as a source reports it: the passage quoted and where to find it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(blank=True, help_text="The passage that reports the event.")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source: page, paragraph, timestamp."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "pk"]  # the column: "event" would join to sort by its date

    def __str__(self) -> str:
        return f"{self.source} → {self.event.title}"


class Participation(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("Host")
        VISITOR = "visitor", _("Visitor")
        SIGNATORY = "signatory", _("Signatory")
        PARTICIPANT = "participant", _("Participant")
        LEADER = "leader", _("Leader")
        ORGANISER = "organiser", _("Organiser")
        SPEAKER = "speaker", _("Speaker")
        SUBJECT = "subject", _("Subject")
        BELLIGERENT = "belligerent", _("Belligerent")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "pk"]  # the column: "event" would join to sort by its date
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="participation_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class EventRelation(models.Model):
    """A typed link from one event to another: the 2023 celebrations *commemorate* 1953."""

    class Kind(models.TextChoices):
        COMMEMORATES = "commemorates", _("commemorates")
        PART_OF = "part_of", _("is part of")
        FOLLOWS = "follows", _("follows")
        CAUSED_BY = "caused_by", _("was caused by")
        RELATED = "related", _("is related to")

    from_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="relations_out")
    to_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_event_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event", "kind"], name="eventrelation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_event=models.F("to_event")),
                name="eventrelation_not_self",
                violation_error_message="An event cannot be related to itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_event.title} {self.get_kind_display()} {self.to_event.title}"

    INVERSE_LABELS: dict[str, str | Promise] = {
        Kind.COMMEMORATES: _("commemorated by"),
        Kind.PART_OF: _("includes"),
        Kind.FOLLOWS: _("is followed by"),
        Kind.CAUSED_BY: _("caused"),
        Kind.RELATED: _("is related to"),
    }

    @property
    def inverse_label(self) -> str:
        """The relation read from the other end: "commemorated by"."""
        return str(self.INVERSE_LABELS[self.kind])

    @property
    def years_between(self) -> int | None:
        """For "commemorates": how many years after the commemorated event this one falls,
        counted in astronomical years (2023 − 1953 = 70; 2026 − (−43) = 2069)."""
        if self.kind != self.Kind.COMMEMORATES:
            return None
        return self.from_event.start_year - self.to_event.start_year


class Version(models.Model):
    """A counter that caches are keyed by (events/changes.py), moved on when records
    change. Kept here rather than in the cache: a cache may evict an entry, and a counter
    that restarted from 1 would name pages worked out from older records."""

    name = models.CharField(max_length=100, primary_key=True)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"


def track_search_documents() -> None:
    """Keep search documents in step with what they hold: an event's actors (a
    participation added or removed) and their names (an actor or one of its names
    changed). The event's own title and summary are written by save()."""
    from django.db.models.signals import post_delete, post_save

    def participation(sender, instance, **_):
        refresh_search_documents([instance.event_id])

    def actor(sender, instance, **_):
        actor_id = instance.pk if isinstance(instance, Actor) else instance.actor_id
        refresh_search_documents(
            Participation.objects.filter(actor_id=actor_id).values_list("event_id", flat=True)
        )

    for signal in (post_save, post_delete):
        signal.connect(
            participation,
            sender=Participation,
            weak=False,
            dispatch_uid=f"search-participation-{signal is post_save}",
        )
        signal.connect(
            actor,
            sender=ActorName,
            weak=False,
            dispatch_uid=f"search-actorname-{signal is post_save}",
        )
    post_save.connect(actor, sender=Actor, weak=False, dispatch_uid="search-actor")
