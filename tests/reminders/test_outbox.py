"""Mail on a developer's machine, and mail that could not be sent: the outbox under var/
(one .eml a message, read at /dev/outbox/ while DEBUG is on), a subscribe page that says
only what is true, and the admin showing a confirmation the mail server never took."""

import email
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from timeline.reminders.models import Subscription

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/subscribe/event/korean-war-armistice-agreement/"
FORM = {
    "email": "reader@example.org",
    "lead": "7,0",
    "timezone": "Asia/Seoul",
    "send_time": "09:00",
}


@pytest.fixture
def outbox(settings, tmp_path):
    folder = tmp_path / "outbox"
    settings.ANNALS_MAIL_OUTBOX = str(folder)
    settings.EMAIL_BACKEND = "timeline.reminders.outbox.OutboxBackend"
    settings.DEBUG = True
    return folder


def test_mail_is_written_to_the_outbox_and_read_on_its_page(
    seeded, client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(SUBSCRIBE, FORM)
    assert page.status_code == 200
    said = page.content.decode()
    assert "is on its way to" in said and "reader@example.org" in said
    assert "We sent" not in said
    assert 'href="/dev/outbox/"' in said  # a developer is told where the mail went
    [written] = list(outbox.glob("*.eml"))
    message = email.message_from_bytes(written.read_bytes())
    assert message["To"] == "reader@example.org" and "Confirm" in message["Subject"]
    listing = client.get("/dev/outbox/").content.decode()
    assert message["Subject"] in listing and "reader@example.org" in listing
    letter = client.get(f"/dev/outbox/{written.name}").content.decode()
    assert "/subscriptions/confirm/" in letter and "<a href=" in letter
    subscription = Subscription.objects.get()
    assert subscription.confirmation_sent_at is not None and subscription.confirmation_error == ""


@pytest.mark.parametrize(
    "name", ["..%2F..%2Fsecret.eml", "missing.eml", "notes.txt", ".hidden.eml"]
)
def test_the_outbox_serves_only_its_own_messages(client, outbox, name):
    outbox.mkdir()
    (outbox / "notes.txt").write_text("not a message")
    (outbox / ".hidden.eml").write_text("half written")
    (outbox.parent / "secret.eml").write_text("outside")
    assert client.get(f"/dev/outbox/{name}").status_code == 404


def test_the_outbox_is_closed_unless_debug_is_on(client, outbox, settings):
    settings.DEBUG = False
    assert client.get("/dev/outbox/").status_code == 404


def test_without_an_outbox_the_subscribe_page_names_no_outbox(
    seeded, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        said = client.post(SUBSCRIBE, FORM).content.decode()
    assert "is on its way to" in said and "/dev/outbox/" not in said
    assert len(mail.outbox) == 1


def test_a_confirmation_the_mail_server_refused_shows_in_the_admin(
    seeded, smtp, editor, django_capture_on_commit_callbacks
):
    smtp.stop()  # nothing listens: the worker's attempts fail, and say why
    with django_capture_on_commit_callbacks(execute=True):
        page = Client().post(SUBSCRIBE, FORM)
    assert page.status_code == 200 and "is on its way" in page.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmation_sent_at is None
    assert "ConnectionRefusedError" in subscription.confirmation_error
    admin = Client()
    admin.force_login(editor.__class__.objects.create_superuser("root", password="x" * 12))
    listing = admin.get("/admin/reminders/subscription/", {"confirmation": "failed"})
    assert "Not sent: ConnectionRefusedError" in listing.content.decode()
    smtp.start()
    from timeline.reminders.sending import send_confirmation

    send_confirmation(subscription.pk)
    subscription.refresh_from_db()
    assert subscription.confirmation_error == "" and subscription.confirmation_sent_at


def test_manage_commands_run_with_the_apps_own_defaults(tmp_path):
    """./scripts/manage needs no SECRET_KEY or DEBUG: it runs as ./scripts/run does."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["ANNALS_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [str(root / "scripts" / "manage"), "check"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
