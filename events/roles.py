"""The Editors group: may add and change records and timelines, and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
EDITED_MODELS = {
    "events": [
        "event",
        "source",
        "citation",
        "participation",
        "eventrelation",
        "actor",
        "actorname",
        "place",
        "tag",
    ],
    "timeline": ["timeline", "timelineentry"],
}


def sees_drafts(user) -> bool:
    """Whoever may change events also sees those not yet published."""
    return bool(user and user.has_perm("events.change_event"))


def editor_permissions() -> list[Permission]:
    return [
        permission
        for app_label, models in EDITED_MODELS.items()
        for permission in Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__regex=r"^(add|change)_",
        )
    ]


def ensure_editors_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(editor_permissions())
    return group
