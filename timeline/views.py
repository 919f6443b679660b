"""Web pages for readers (server-rendered) and the calendar files they subscribe to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from events.api import with_relations
from events.models import Event
from timeline import policy
from timeline.anniversaries import next_anniversaries
from timeline.calendars import anniversary_calendar
from timeline.forms import ManageForm, SubscribeForm
from timeline.models import Timeline
from timeline.subscriptions import (
    TokenError,
    find_target,
    link,
    make_token,
    read_token,
    subscription_confirm,
    subscription_create,
    subscription_unsubscribe,
)


def home(request):
    return render(request, "home.html", {
        "timelines": Timeline.objects.visible_to(request.user),
        "events": Event.objects.published().select_related("place").chronological(),
    })


def _published_event(slug: str) -> Event:
    return get_object_or_404(with_relations(Event.objects.published()), slug=slug)


def event_detail(request, slug: str):
    event = _published_event(slug)
    today = timezone.localdate()  # in the site's time zone
    upcoming = next_anniversaries(event.date_value, today, 3, policy.feb29_policy(),
                                  policy.milestones())
    return render(request, "timeline/event_detail.html", {
        "event": event, "upcoming": upcoming, "today": today, "form": SubscribeForm(),
        "subscribe_url": reverse("subscribe", args=["event", event.slug]),
    })


def event_ics(request, slug: str):
    event = _published_event(slug)
    body = anniversary_calendar(
        [event], name=event.title, policy=policy.feb29_policy(),
        url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def timeline_detail(request, slug: str):
    timeline = get_object_or_404(
        Timeline.objects.visible_to(request.user).select_related("owner"), slug=slug
    )
    events = (
        Event.objects.published().filter(timeline_entries__timeline=timeline)
        .select_related("place").order_by("timeline_entries__position", "sort_day", "pk")
    )
    return render(request, "timeline/timeline_detail.html", {
        "timeline": timeline, "events": events, "form": SubscribeForm(),
        "subscribe_url": reverse("subscribe", args=["timeline", timeline.slug]),
    })


# --- Subscriptions ---------------------------------------------------------------------


def subscribe(request, target: str, slug: str | None = None):
    form = SubscribeForm(request.POST or None)
    try:
        kind, obj = find_target(target, slug, request.user)
    except ValidationError as exc:
        raise Http404(str(exc)) from exc
    if request.method == "POST" and form.is_valid():
        try:
            subscription_create(
                target=kind, target_slug=slug, email=form.cleaned_data["email"],
                lead_days=form.lead_days(), milestones_only=form.cleaned_data["milestones_only"],
                timezone_name=form.cleaned_data["timezone"],
                send_time=form.cleaned_data["send_time"], digest=form.cleaned_data["digest"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "timeline/subscribe_sent.html",
                          {"email": form.cleaned_data["email"], "target": obj})
    return render(request, "timeline/subscribe.html", {"form": form, "target": obj,
                                                       "kind": kind},
                  status=400 if form.errors else 200)


def _token_page(request, token: str, purpose: str):
    try:
        return read_token(token, purpose), None
    except TokenError as exc:
        return None, render(request, "timeline/token_invalid.html", {"reason": str(exc)},
                            status=400)


def subscription_confirm_view(request, token: str):
    try:
        subscription = subscription_confirm(token)
    except TokenError as exc:
        return render(request, "timeline/token_invalid.html", {"reason": str(exc)},
                      status=400)
    return render(request, "timeline/subscription_confirmed.html", {
        "subscription": subscription, "manage_url": link(subscription, "manage")})


def subscription_manage(request, token: str):
    subscription, error = _token_page(request, token, "manage")
    if error:
        return error
    form = ManageForm(request.POST or None, instance=subscription)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        saved = True
    return render(request, "timeline/subscription_manage.html", {
        "subscription": subscription, "form": form, "saved": saved,
        "unsubscribe_token": make_token(subscription, "unsubscribe"),
    })


# One-click unsubscribe (RFC 8058) comes from mail clients, which carry no CSRF token;
# the signed token in the URL is the authority here.
@csrf_exempt
def subscription_unsubscribe_view(request, token: str):
    subscription, error = _token_page(request, token, "unsubscribe")
    if error:
        return error
    if request.method == "POST":
        subscription_unsubscribe(token)
        return render(request, "timeline/unsubscribed.html", {"subscription": subscription})
    return render(request, "timeline/unsubscribe.html", {"subscription": subscription})
