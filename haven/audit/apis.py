"""REST API of the audit trail (read-only, within the policy)."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.audit import selectors


class AuditEventSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    actor = serializers.UUIDField(source="actor_id", allow_null=True)
    actor_username = serializers.CharField(source="actor.username", allow_null=True, default=None)
    organisation = serializers.UUIDField(source="organisation_id", allow_null=True)
    action = serializers.CharField()
    action_label = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    details = serializers.DictField()


class AuditEventListView(GenericAPIView):
    permission_classes = [requires(Cap.AUDIT_READ)]
    serializer_class = AuditEventSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str),
            OpenApiParameter("user", UUID),
            OpenApiParameter("organisation", UUID),
            OpenApiParameter("object_id", str),
            OpenApiParameter("date_from", datetime.date),
            OpenApiParameter("date_to", datetime.date),
        ],
        responses=AuditEventSerializer(many=True),
        summary="Audit events you may read, newest first",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            filters: dict[str, Any] = {
                "action": params.get("action") or None,
                "user_id": UUID(params["user"]) if params.get("user") else None,
                "organisation_id": UUID(params["organisation"])
                if params.get("organisation")
                else None,
                "object_id": params.get("object_id") or None,
                "date_from": datetime.date.fromisoformat(params["date_from"])
                if params.get("date_from")
                else None,
                "date_to": datetime.date.fromisoformat(params["date_to"])
                if params.get("date_to")
                else None,
            }
        except ValueError:
            return problem(400, "user and organisation must be UUIDs; dates YYYY-MM-DD.")
        events = selectors.audit_event_list(actor=request.user, **filters)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)
