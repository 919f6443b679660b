"""Subscribing on the web and the links in every message; subscriptions in the API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from timeline.reminders import api, views

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
]

api_router = SimpleRouter()
api_router.register("subscriptions", api.SubscriptionViewSet, basename="subscription")
