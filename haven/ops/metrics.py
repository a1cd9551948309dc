"""``/metrics`` for Prometheus, behind a bearer token (HAVEN_METRICS_TOKEN); off when unset.

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR to an empty folder shared by
the workers, so that the numbers of every worker are added up.
"""

from __future__ import annotations

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class QueueCollector(Collector):
    """Background tasks waiting in the database queue, read when scraped."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        gauge = GaugeMetricFamily(
            "haven_tasks_waiting", "Background tasks queued and not yet finished.", labels=["state"]
        )
        for state in ("READY", "RUNNING"):
            gauge.add_metric([state.lower()], DBTaskResult.objects.filter(status=state).count())
        yield gauge


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return registry


_queue = CollectorRegistry()  # no auto-describe: the database is read when scraped only
_queue.register(QueueCollector())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.HAVEN_METRICS_TOKEN
    if not token:
        raise Http404
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(offered.encode(), token.encode()):
        return HttpResponse("unauthorised", status=401, content_type="text/plain")
    body = generate_latest(_registry()) + generate_latest(_queue)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
