"""Subscribing on the web and the links in every message; subscriptions in the API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from timeline.reminders import api, outbox, views

urlpatterns = [
    path("subscribe/all/", views.subscribe, {"target": "all"}, name="subscribe-all"),
    path("subscribe/<str:target>/<slug:slug>/", views.subscribe, name="subscribe"),
    path(
        "subscriptions/confirm/<str:token>/",
        views.subscription_confirm_view,
        name="subscription-confirm",
    ),
    path(
        "subscriptions/manage/<str:token>/", views.subscription_manage, name="subscription-manage"
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.subscription_unsubscribe_view,
        name="subscription-unsubscribe",
    ),
    # A developer's outbox (DEBUG and ANNALS_MAIL_OUTBOX only; a 404 otherwise).
    path("dev/outbox/", outbox.outbox_list, name="outbox"),
    path("dev/outbox/<str:name>", outbox.outbox_letter, name="outbox-letter"),
]

api_router = SimpleRouter()
api_router.register("subscriptions", api.SubscriptionViewSet, basename="subscription")
