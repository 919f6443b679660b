from django.shortcuts import render

from events.models import Event
from timeline.models import Timeline


def home(request):
    """A first home page: the public timelines and the latest published events."""
    return render(request, "home.html", {
        "timelines": Timeline.objects.visible_to(request.user),
        "events": Event.objects.published().select_related("place").chronological(),
    })
