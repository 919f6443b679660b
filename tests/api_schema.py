"""The API as Schemathesis reads it: the schema served by the app itself and the checks
every answer must pass. Shared by the fuzz test and the stateful chains."""

import schemathesis
from django.conf import settings as django_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

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
