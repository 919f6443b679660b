"""A subscription keeps its language (the page it was made on, or the API's `language`):
its confirmation, reminders, digest and pages come in it, whatever the worker's own."""

import re

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.reminders.helpers import at, confirmed, plan_and_dispatch, planned_until
from timeline.reminders.models import Subscription

pytestmark = pytest.mark.django_db


def test_a_korean_subscriber_is_written_to_in_korean(
    seeded, client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/subscriptions/",
            {
                "email": "reader@example.kr",
                "target": {"type": "event", "slug": "korean-war-armistice-agreement"},
                "lead_days": [0],
                "timezone": "Asia/Seoul",
                "language": "ko",
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "ko"
    [confirmation] = smtp.messages
    subject = confirmation["Subject"]
    assert subject.startswith("기념일 알림을 확인해 주세요") or "알림을 확인해 주세요" in subject
    body = confirmation.get_body(("plain",)).get_content()
    assert "기념일 알림을 받으시려면 확인해 주세요" in body
    confirm = re.search(r"https?://\S+/ko/subscriptions/confirm/\S+/", body)[0]
    page = client.get(confirm.split("8000", 1)[1])
    assert "구독을 확인해 주세요" in page.content.decode()
    assert '<html lang="ko">' in page.content.decode()
    client.post(confirm.split("8000", 1)[1])
    assert Subscription.objects.get().is_active

    # The worker runs in English; the reminder is still Korean.
    with translation.override("en"):
        planned_until(at("2028-07-27T08:00:00+09:00"))
        plan_and_dispatch("2028-07-27T09:00:00+09:00")
    reminder = smtp.messages[-1]
    assert reminder["Subject"] == "오늘: 한국 정전 협정 75주년 (1953년 7월 27일)"
    text = reminder.get_body(("plain",)).get_content()
    html = reminder.get_body(("html",)).get_content()
    assert "판문점" in text and "Annals에서 더 읽기" not in text and "더 읽기:" in text
    assert '<html lang="ko">' in html and "Annals에서 더 읽기" in html
    unsubscribe = reminder["List-Unsubscribe"].strip("<>")
    assert "/ko/subscriptions/unsubscribe/" in unsubscribe
    page = client.get(unsubscribe.split("8000", 1)[1]).content.decode()
    assert "구독 해지" in page


def test_the_page_a_subscription_is_made_on_gives_its_language(seeded, client, smtp):
    response = client.post(
        "/ru/subscribe/event/korean-war-armistice-agreement/",
        {
            "email": "reader@example.ru",
            "lead": "0",
            "timezone": "Europe/Moscow",
            "send_time": "09:00",
        },
    )
    assert response.status_code == 200, response.content.decode()[:500]
    assert "Проверьте почту" in response.content.decode()
    assert Subscription.objects.get().language == "ru"


def test_a_digest_in_chinese_counts_as_chinese_does(seeded, smtp):
    confirmed(
        target="all", lead_days=[0], timezone_name="Asia/Shanghai", digest=True, language="zh-hans"
    )
    planned_until(at("2028-07-27T08:00:00+08:00"))
    plan_and_dispatch("2028-07-27T09:00:00+08:00")
    [message] = smtp.messages
    assert message["Subject"].startswith("今天：") or message["Subject"].startswith("今天:")
    assert "另有3个" in message["Subject"]
    assert "朝鲜停战协定" in message.get_body(("plain",)).get_content()


def test_a_bad_language_is_refused_naming_the_field(seeded):
    response = APIClient().post(
        "/api/subscriptions/",
        {"email": "a@example.org", "target": {"type": "all"}, "language": "fr"},
        format="json",
    )
    assert response.status_code == 400 and "language" in response.json()
