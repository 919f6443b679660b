"""Schemathesis sends generated requests to every operation of /api/schema/, as an editor
with a token, and checks that none is answered with a 5xx or with a response its schema
does not describe. Bounded: a fixed number of examples per operation, no deadline."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


# Boundary values for every parameter (the coverage phase) take a minute: they run in the
# PostgreSQL pass, where out-of-range numbers and NUL characters reach the database.
ON_POSTGRES = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
PHASES = {"coverage": {"enabled": ON_POSTGRES}}

# Read from the app itself at collection (generating the schema touches no database).
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    application,
    config=schemathesis.config.SchemathesisConfig.from_dict({"phases": PHASES}),
)


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
