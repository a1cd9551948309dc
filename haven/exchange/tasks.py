"""Background work of the exchange app (django-tasks; ``haven db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_message(message_id: str) -> str:
    """Deliver one outgoing message; a failure schedules the next attempt with backoff."""
    from haven.exchange.services.outbox import attempt

    return attempt(message_id)
