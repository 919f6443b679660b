"""A developer's outbox (DEBUG and ANNALS_MAIL_OUTBOX only; a 404 otherwise): at one
address, outside the languages' prefixes."""

from django.urls import path

from timeline.reminders import outbox

urlpatterns = [
    path("dev/outbox/", outbox.outbox_list, name="outbox"),
    path("dev/outbox/<str:name>", outbox.outbox_letter, name="outbox-letter"),
]
