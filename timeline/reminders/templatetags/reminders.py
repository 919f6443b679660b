"""{% subscribe_form target slug %}: the subscribe form the reader pages show, so that
those pages (the timeline app) need not know the reminder pipeline."""

from django import template
from django.urls import reverse

from timeline.readers import reader_timezone
from timeline.reminders.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("reminders/subscribe_form.html", takes_context=True)
def subscribe_form(context, target: str, slug: str) -> dict:
    return {
        "form": SubscribeForm(initial={"timezone": reader_timezone(context["request"])}),
        "subscribe_url": reverse("subscribe", args=[target, slug]),
        # An inclusion tag's template sees only what it is given.
        "csrf_token": context.get("csrf_token"),
    }
