"""Mail on a developer's machine: written to ANNALS_MAIL_OUTBOX, one .eml file a message,
and read on /dev/outbox/ while DEBUG is on, so that a confirmation mail can be followed
without an SMTP server. Django's file backend writes a connection's messages into one log
file; a file a message is what a mail client or a person can open."""

from __future__ import annotations

import email
import email.policy
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404
from django.shortcuts import render

from gateway.methods import reads

SHOWN = 200  # the newest messages listed


def outbox() -> Path | None:
    folder = settings.ANNALS_MAIL_OUTBOX
    return Path(folder) if folder else None


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = outbox()
        if folder is None:
            return 0
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
            name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            # Written whole under a temporary name, then renamed: a reader never sees half.
            partial = folder / f".{name}"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / name)
        return len(email_messages)


@dataclass(frozen=True)
class Letter:
    name: str
    sent: datetime
    to: str
    subject: str
    text: str


def read_letter(path: Path) -> Letter:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = parsed.get_body(preferencelist=("plain", "html"))
    return Letter(
        name=path.name,
        sent=datetime.fromtimestamp(path.stat().st_mtime, UTC),
        to=str(parsed.get("To", "")),
        subject=str(parsed.get("Subject", "")),
        text=body.get_content() if body is not None else "",
    )


def is_open() -> bool:
    return bool(settings.DEBUG and outbox() is not None)


def _folder_or_404() -> Path:
    folder = outbox()
    if not is_open() or folder is None:
        raise Http404("The outbox is only open on a developer's machine (DEBUG).")
    return folder


@reads
def outbox_list(request):
    folder = _folder_or_404()
    paths = sorted(folder.glob("[!.]*.eml"), reverse=True)[:SHOWN] if folder.exists() else []
    return render(
        request,
        "reminders/outbox.html",
        {"letters": [read_letter(path) for path in paths], "folder": folder},
    )


@reads
def outbox_letter(request, name: str):
    folder = _folder_or_404()
    path = folder / name
    # The route allows only a file name; it must also be one of the outbox's own.
    if (
        path.parent != folder
        or name.startswith(".")  # being written
        or not name.endswith(".eml")
        or not path.is_file()
    ):
        raise Http404("No such message in the outbox.")
    return render(request, "reminders/outbox_letter.html", {"letter": read_letter(path)})
