"""REST API of accounts: token, current user, organisations, users and their roles."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from haven.accounts import policy, selectors, services, twofactor
from haven.accounts.roles import Cap
from haven.accounts.serializers import (
    MembershipSerializer,
    MeSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    RolesSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserCreatedSerializer,
    UserCreateSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from haven.api.permissions import requires
from haven.api.problems import problem


class TokenView(APIView):
    """Exchange user name and password (and a two-factor code when on) for an API token."""

    authentication_classes = [TokenAuthentication]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: TokenResponseSerializer},
        auth=[],
        summary="Create an API token",
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            return problem(401, "The user name or password is not right.")
        if twofactor.has_device(user):
            code = data.validated_data.get("otp", "")
            if not code or twofactor.verify(user, code, request=request._request) is None:
                return problem(401, "A valid two-factor code is required.", otp_required=True)
        elif twofactor.required_for(user):
            return problem(
                403,
                "Your organisation requires two-factor authentication: set it "
                "up in the web application first.",
            )
        # A token is a sign-in: the same signal resets lock-out counters and is audited.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        instance, token = services.api_token_create(user=user, request=request._request)
        body = TokenResponseSerializer({"token": token, "expiry": instance.expiry}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, summary="Revoke the token in use")
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated or request.auth is None:
            return problem(401)
        services.api_token_revoke(user=request.user, token=request.auth, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="The signed-in user, roles and capabilities")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class OrganisationListView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrganisationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("country", str),
        ],
        responses=OrganisationSerializer(many=True),
        summary="Organisations visible to you (all, for system administrators)",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.organisation_list(
            actor=request.user,
            search=request.query_params.get("search", "").strip(),
            kind=request.query_params.get("kind", ""),
            country=request.query_params.get("country", ""),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    @extend_schema(
        request=OrganisationWriteSerializer,
        responses={201: OrganisationSerializer},
        summary="Create an organisation (system administrators)",
    )
    def post(self, request: Request) -> Response:
        if not policy.can(request.user, Cap.ORGS_MANAGE):
            return problem(403)
        data = OrganisationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("is_active", None)
        org = services.organisation_create(actor=request.user, request=request._request, **values)
        return Response(OrganisationSerializer(org).data, status=status.HTTP_201_CREATED)


class OrganisationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OrganisationSerializer, summary="One organisation")
    def get(self, request: Request, pk: UUID) -> Response:
        org = selectors.organisation_get(actor=request.user, pk=pk)
        return Response(OrganisationSerializer(org).data)

    @extend_schema(
        request=OrganisationWriteSerializer(partial=True),
        responses=OrganisationSerializer,
        summary="Change an organisation (administrators; limited fields for "
        "organisation administrators)",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        org = selectors.organisation_get(actor=request.user, pk=pk)
        data = OrganisationWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        org = services.organisation_update(
            actor=request.user, organisation=org, request=request._request, **data.validated_data
        )
        return Response(OrganisationSerializer(org).data)


class UserListView(GenericAPIView):
    permission_classes = [requires(Cap.USERS_MANAGE)]
    serializer_class = UserSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("role", str),
            OpenApiParameter("status", str, enum=["active", "inactive"]),
            OpenApiParameter("organisation", UUID),
        ],
        responses=UserSerializer(many=True),
        summary="Users you may manage",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        org = params.get("organisation") or None
        try:
            org_id = UUID(org) if org else None
        except ValueError:
            return problem(400, "organisation must be a UUID.")
        qs = selectors.user_list(
            actor=request.user,
            search=params.get("search", "").strip(),
            role=params.get("role", ""),
            status=params.get("status", ""),
            organisation_id=org_id,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(UserSerializer(page, many=True).data)

    @extend_schema(
        request=UserCreateSerializer,
        responses={201: UserCreatedSerializer},
        summary="Create a user with roles; returns a one-time set-password link",
    )
    def post(self, request: Request) -> Response:
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        org = (
            selectors.managed_organisations(actor=request.user)
            .filter(pk=values.pop("organisation"))
            .first()
        )
        if org is None:
            return problem(
                400,
                errors=[
                    {
                        "field": "organisation",
                        "message": "Not an organisation you manage.",
                        "code": "invalid",
                    }
                ],
            )
        invitation = services.user_create(
            actor=request.user, organisation=org, request=request._request, **values
        )
        user = selectors.user_get(actor=request.user, pk=invitation.user.pk)
        body = UserCreatedSerializer(
            {
                "user": user,
                "emailed": invitation.emailed,
                "set_password_link": request.build_absolute_uri(invitation.link_path),
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class UserDetailView(APIView):
    permission_classes = [requires(Cap.USERS_MANAGE)]

    @extend_schema(responses=UserSerializer, summary="One user")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(UserSerializer(selectors.user_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        request=UserUpdateSerializer, responses=UserSerializer, summary="Change a user's details"
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        user = selectors.user_get(actor=request.user, pk=pk)
        data = UserUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {"full_name": user.full_name, "email": user.email, "language": user.language}
        values.update(data.validated_data)
        services.user_update(actor=request.user, user=user, request=request._request, **values)
        return Response(UserSerializer(selectors.user_get(actor=request.user, pk=pk)).data)


class UserPasswordLinkView(APIView):
    permission_classes = [requires(Cap.USERS_MANAGE)]

    @extend_schema(
        request=None,
        responses={201: UserCreatedSerializer},
        summary="Issue a one-time set-password link",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        user = selectors.user_get(actor=request.user, pk=pk)
        invitation = services.user_issue_password_link(
            actor=request.user, user=user, request=request._request
        )
        body = UserCreatedSerializer(
            {
                "user": user,
                "emailed": invitation.emailed,
                "set_password_link": request.build_absolute_uri(invitation.link_path),
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class MembershipRolesView(APIView):
    permission_classes = [requires(Cap.USERS_MANAGE)]

    @extend_schema(
        request=RolesSerializer,
        responses=MembershipSerializer,
        summary="Set the roles of a user in an organisation",
    )
    def put(self, request: Request, pk: UUID, membership: UUID) -> Response:
        user = selectors.user_get(actor=request.user, pk=pk)
        m = selectors.membership_get(actor=request.user, pk=membership, user=user)
        data = RolesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        m = services.membership_set_roles(
            actor=request.user,
            membership=m,
            roles=data.validated_data["roles"],
            request=request._request,
        )
        return Response(MembershipSerializer(m).data)


class MembershipActivationView(APIView):
    permission_classes = [requires(Cap.USERS_MANAGE)]
    activate = False

    @extend_schema(
        request=None,
        responses=MembershipSerializer,
        summary="Deactivate or reactivate a user in an organisation",
    )
    def post(self, request: Request, pk: UUID, membership: UUID) -> Response:
        user = selectors.user_get(actor=request.user, pk=pk)
        m = selectors.membership_get(actor=request.user, pk=membership, user=user)
        action = services.membership_reactivate if self.activate else services.membership_deactivate
        m = action(actor=request.user, membership=m, request=request._request)
        return Response(MembershipSerializer(m).data)
