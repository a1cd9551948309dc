"""URL matrix rows of the exchange app (merged into haven/web/tests/test_url_matrix.py).

Objects are made through the real services: this node, a partner node held in memory
(``factories.FakeNode``), an agreement covering org A and org B, a referral received by org
A (or org B for the cross-organisation check) and a match query that could not reach the
partner (the network is never used: ``transport.post`` is swapped while it is asked).
"""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Cap
from haven.exchange import services, transport
from haven.exchange.models import Message
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Direction
from haven.web.tests.matrix import PUBLIC, Spec, made, matrix_case

PARTNERS = (Cap.EXCHANGE_PARTNERS,)
REFER = (Cap.EXCHANGE_REFER,)
EITHER = (Cap.EXCHANGE_PARTNERS, Cap.EXCHANGE_REFER)


def _scene(world: Any) -> Any:
    def make() -> Any:
        fake = f.fake_node()
        partner = f.register(world, fake)
        agreement = f.agreement(world, partner, organisations=[world.org_a, world.org_b])
        return fake, partner, agreement

    return made(world, "exchange_scene", False, make)


def partner_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    def make() -> Any:
        return f.register(world, f.fake_node(name="Second Partner (synthetic)"))

    return {"pk": made(world, "exchange_partner", True, make).pk if other else _scene(world)[1].pk}


def agreement_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """An agreement covering org A only (or org B only)."""

    def make() -> Any:
        organisation = world.org_b if other else world.org_a
        return f.agreement(
            world, _scene(world)[1], code=f"ONLY-{organisation.pk}", organisations=[organisation]
        )

    return {"pk": made(world, "exchange_agreement", other, make).pk}


def _transfer(world: Any, other: bool) -> Any:
    def make() -> Any:
        fake, _partner, _agreement = _scene(world)
        organisation = world.org_b if other else world.org_a
        token, _thread = fake.referral(to_organisation=organisation.pk)
        return services.receive(token).transfer

    return made(world, "exchange_transfer", other, make)


def transfer_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _transfer(world, other).pk}


def message_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """The acknowledgement org A (or org B) sends back for a referral it received."""
    transfer = _transfer(world, other)
    return {"pk": Message.objects.get(transfer=transfer, direction=Direction.OUT).pk}


def case_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"case": matrix_case(world, other).pk}


def match_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    def make() -> Any:
        _fake, _partner, agreement = _scene(world)
        case = matrix_case(world, other)
        f.consent(world, case)
        original = transport.post
        transport.post = lambda url, token: transport.Reply(503, {})
        try:
            return services.match_ask(
                actor=f.coordinator(world, other=other),
                case=case,
                agreement=agreement,
                purpose=f.PURPOSE,
            )
        finally:
            transport.post = original

    return {"pk": made(world, "exchange_match", other, make).pk}


TABLE: dict[str, Spec] = {
    "exchange:inbox": Spec(REFER),
    "exchange:upload": Spec(REFER),
    "exchange:transfer": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:accept": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:decline": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:assistance": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:close": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:withdraw": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:erase": Spec(REFER, kwargs=transfer_kwargs),
    "exchange:download": Spec(REFER, kwargs=message_kwargs),
    "exchange:refer": Spec(REFER, kwargs=case_kwargs),
    "exchange:match_list": Spec(REFER),
    "exchange:match_ask": Spec(REFER, kwargs=case_kwargs),
    "exchange:match_detail": Spec(REFER, kwargs=match_kwargs),
    "exchange:node": Spec(PARTNERS),
    "exchange:node_rotate": Spec(PARTNERS, ok=(200, 302)),
    "exchange:partner_list": Spec(PARTNERS),
    "exchange:partner_create": Spec(PARTNERS),
    "exchange:partner_detail": Spec(PARTNERS, kwargs=partner_kwargs),
    "exchange:partner_keys": Spec(PARTNERS, kwargs=partner_kwargs),
    "exchange:partner_status": Spec(PARTNERS, ok=(302,), kwargs=partner_kwargs),
    "exchange:agreement_list": Spec(EITHER),
    "exchange:agreement_create": Spec(PARTNERS),
    "exchange:agreement_detail": Spec(EITHER, kwargs=agreement_kwargs),
    "exchange:agreement_edit": Spec(PARTNERS, kwargs=agreement_kwargs),
    "api:exchange_jwks": Spec(PUBLIC, ok=(200, 404), api=True),
    "api:exchange_inbox": Spec(PUBLIC, ok=(400,), method="post", api=True, data={}),
    "api:exchange_node": Spec(PARTNERS, ok=(200, 404), api=True),
    "api:exchange_node_rotate": Spec(PARTNERS, ok=(200, 400), method="post", api=True),
    "api:exchange_partner_list": Spec(PARTNERS, api=True),
    "api:exchange_partner_detail": Spec(PARTNERS, api=True, kwargs=partner_kwargs),
    "api:exchange_partner_keys": Spec(
        PARTNERS, ok=(400,), method="post", api=True, kwargs=partner_kwargs, data={}
    ),
    "api:exchange_agreement_list": Spec(EITHER, api=True),
    "api:exchange_agreement_detail": Spec(EITHER, api=True, kwargs=agreement_kwargs),
    "api:exchange_transfer_list": Spec(REFER, api=True),
    "api:exchange_transfer_detail": Spec(REFER, api=True, kwargs=transfer_kwargs),
    "api:exchange_transfer_accept": Spec(
        REFER, ok=(200, 400), method="post", api=True, kwargs=transfer_kwargs
    ),
    "api:exchange_transfer_decline": Spec(
        REFER, ok=(400,), method="post", api=True, kwargs=transfer_kwargs, data={}
    ),
    "api:exchange_transfer_progress": Spec(
        REFER, ok=(400,), method="post", api=True, kwargs=transfer_kwargs, data={}
    ),
    "api:exchange_transfer_withdraw": Spec(
        REFER, ok=(400,), method="post", api=True, kwargs=transfer_kwargs, data={}
    ),
    "api:exchange_transfer_erase": Spec(
        REFER, ok=(400,), method="post", api=True, kwargs=transfer_kwargs
    ),
    "api:exchange_message": Spec(REFER, api=True, kwargs=message_kwargs),
    "api:exchange_match_list": Spec(REFER, api=True),
    "api:exchange_match_detail": Spec(REFER, api=True, kwargs=match_kwargs),
}
