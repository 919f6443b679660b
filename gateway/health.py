"""Liveness and readiness for load balancers and orchestrators.

/readyz is public: it names the part that failed and nothing more (no host, user or
exception text, which would map the network behind it); the reason goes to the log.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import connection
from django.http import JsonResponse

from gateway.methods import READ, not_allowed, options_response

log = logging.getLogger(__name__)


def healthz(request):
    """The process is alive and answering."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """The database and the broker are reachable; 503 naming what is not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        log.exception("readyz: the database is unreachable")
        checks["database"] = "unreachable"
    try:
        with current_app.connection_for_read() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception:
        log.exception("readyz: the broker is unreachable")
        checks["broker"] = "unreachable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503
    )


class HealthProbeMiddleware:
    """Answer /healthz and /readyz before host checks and the HTTPS redirect.

    Probes (Docker, load balancers, Kubernetes) call the container by its own address over
    plain HTTP, which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = {"/healthz": healthz, "/readyz": readyz}

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method == "OPTIONS":
            return options_response(READ)
        if request.method not in READ:
            return not_allowed(READ)
        return probe(request)
