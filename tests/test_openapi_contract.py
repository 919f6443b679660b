"""The OpenAPI schema clients build on: docs/openapi.yaml is the contract, and the schema
the API serves must equal it. A change to the API shows here first; regenerate the file
with `./manage.py spectacular --file docs/openapi.yaml` only when the change is meant,
and review its diff as the API's changelog."""

from pathlib import Path

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def test_the_served_schema_is_the_committed_contract():
    served = SchemaGenerator().get_schema(request=None, public=True)
    committed = yaml.safe_load(CONTRACT.read_text())
    # Compared as data, path by path first, so a failure names what moved.
    assert sorted(served["paths"]) == sorted(committed["paths"])
    for path, operations in committed["paths"].items():
        assert served["paths"][path] == operations, path
    assert served["components"] == committed["components"]
    assert served == committed


@pytest.mark.django_db
def test_the_schema_and_offline_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/events/",
        "/api/anniversaries/",
        "/api/on-this-day/{month_day}/",
        "/api/timelines/{slug}/",
    } <= set(paths)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
