"""Schemathesis sends generated requests to every operation of /api/schema/, as an editor
with a token, and checks that none is answered with a 5xx or with a response its schema
does not describe. Bounded: a fixed number of examples per operation, no deadline."""

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from tests.api_schema import CHECKS, schema

EXAMPLES_PER_OPERATION = 10


@pytest.fixture
def editor_token(seeded, editor):
    return Token.objects.create(user=editor).key


@pytest.mark.usefixtures("keep_the_test_connection")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)
