"""The subscription pages: subscribe, then confirm, manage or unsubscribe through the
signed links in every message (links.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from gateway.methods import answers
from gateway.throttling import throttle_posts, too_many_requests
from timeline.reminders import outbox
from timeline.reminders.forms import ManageForm, SubscribeForm
from timeline.reminders.links import TokenError, link, make_token, read_token
from timeline.reminders.subscriptions import (
    TooManyConfirmations,
    find_target,
    subscription_confirm,
    subscription_create,
    subscription_unsubscribe,
)


@answers("GET", "HEAD", "POST")
@throttle_posts("subscribe")
def subscribe(request, target: str, slug: str | None = None):
    form = SubscribeForm(request.POST or None)
    try:
        kind, obj = find_target(target, slug, request.user)
    except ValidationError as exc:
        raise Http404(str(exc)) from exc
    if request.method == "POST" and form.is_valid():
        try:
            subscription_create(
                target=kind,
                target_slug=slug,
                email=form.cleaned_data["email"],
                lead_days=form.lead_days(),
                milestones_only=form.cleaned_data["milestones_only"],
                timezone_name=form.cleaned_data["timezone"],
                send_time=form.cleaned_data["send_time"],
                digest=form.cleaned_data["digest"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except TooManyConfirmations as exc:
            return too_many_requests(
                request, exc.wait, "This address was sent enough confirmation mails for now."
            )
        else:
            return render(
                request,
                "reminders/subscribe_sent.html",
                {
                    "email": form.cleaned_data["email"],
                    "target": obj,
                    "outbox_url": reverse("outbox") if outbox.is_open() else "",
                },
            )
    return render(
        request,
        "reminders/subscribe.html",
        {"form": form, "target": obj, "kind": kind},
        status=400 if form.errors else 200,
    )


def _token_page(request, token: str, purpose: str):
    try:
        return read_token(token, purpose), None
    except TokenError as exc:
        return None, render(
            request, "reminders/token_invalid.html", {"reason": str(exc)}, status=400
        )


@answers("GET", "HEAD", "POST")
def subscription_confirm_view(request, token: str):
    """GET shows one button; only its POST confirms (mail scanners follow links)."""
    if request.method != "POST":
        subscription, error = _token_page(request, token, "confirm")
        return error or render(
            request, "reminders/subscription_confirm.html", {"subscription": subscription}
        )
    try:
        subscription = subscription_confirm(token)
    except TokenError as exc:
        return render(request, "reminders/token_invalid.html", {"reason": str(exc)}, status=400)
    return render(
        request,
        "reminders/subscription_confirmed.html",
        {"subscription": subscription, "manage_url": link(subscription, "manage")},
    )


@answers("GET", "HEAD", "POST")
def subscription_manage(request, token: str):
    subscription, error = _token_page(request, token, "manage")
    if error:
        return error
    form = ManageForm(request.POST or None, instance=subscription)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        saved = True
    return render(
        request,
        "reminders/subscription_manage.html",
        {
            "subscription": subscription,
            "form": form,
            "saved": saved,
            "unsubscribe_token": make_token(subscription, "unsubscribe"),
        },
    )


# One-click unsubscribe (RFC 8058) comes from mail clients, which carry no CSRF token;
# the signed token in the URL is the authority here.
@csrf_exempt
@answers("GET", "HEAD", "POST")
def subscription_unsubscribe_view(request, token: str):
    subscription, error = _token_page(request, token, "unsubscribe")
    if error:
        return error
    if request.method == "POST":
        subscription_unsubscribe(token)
        return render(request, "reminders/unsubscribed.html", {"subscription": subscription})
    return render(request, "reminders/unsubscribe.html", {"subscription": subscription})
