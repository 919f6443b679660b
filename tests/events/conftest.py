"""What the events tests share: an editor's API client, signed in with a token."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    call_command("drf_create_token", editor.username, verbosity=0)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=editor).key}")
    return client
