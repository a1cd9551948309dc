"""``haven exchange``: init, show, jwks, rotate, partner-add, deliver, receive, purge."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from haven.exchange import services
from haven.exchange.models import Message, NodeKey, Partner, Transfer
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Delivery, Direction

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_init_show_jwks_and_rotate(world):
    text = run(
        "init",
        "--name",
        "CLI Node (synthetic)",
        "--country",
        "cn",
        "--endpoint",
        "http://127.0.0.1:8765",
    )
    assert services.fingerprint() in text
    assert "urn:uuid:" in run("show")
    document = json.loads(run("jwks"))
    assert document["node"]["country"] == "CN"
    assert all("d" not in key for key in document["keys"])
    with pytest.raises(CommandError, match="already initialised"):
        run("init", "--name", "Again", "--country", "CN", "--endpoint", "https://x.example.org")
    before = services.fingerprint()
    assert "New keys" in run("rotate")
    assert services.fingerprint() != before
    assert NodeKey.objects.count() == 4


def test_show_before_init_fails(db):
    with pytest.raises(CommandError, match="not initialised"):
        run("show")


def test_partner_add_from_a_file(world, tmp_path):
    f.init_node(world)
    fake = f.fake_node()
    path = tmp_path / "partner.json"
    path.write_text(json.dumps(fake.document()))
    with pytest.raises(CommandError, match="fingerprint"):
        run("partner-add", "--user", "sysadmin_a", "--jwks", str(path), "--fingerprint", "ABCD")
    with pytest.raises(CommandError, match="may not"):
        run(
            "partner-add",
            "--user",
            "coordinator_a",
            "--jwks",
            str(path),
            "--fingerprint",
            fake.fingerprint(),
        )
    text = run(
        "partner-add",
        "--user",
        "sysadmin_a",
        "--jwks",
        str(path),
        "--fingerprint",
        fake.fingerprint(),
    )
    assert fake.node_id in text
    assert Partner.objects.get().node_id == fake.node_id


def test_deliver_receive_and_purge(world, monkeypatch, tmp_path):
    cache.clear()
    s = f.scene(world, monkeypatch)
    token, _thread = s.fake.referral(to_organisation=world.org_a.pk)
    path = tmp_path / "message.jwe"
    path.write_text(token)
    assert "Received referral" in run("receive", str(path))
    with pytest.raises(CommandError, match="replayed"):
        run("receive", str(path))
    assert Message.objects.get(direction=Direction.OUT).delivery == Delivery.PENDING
    assert "delivered: 1" in run("deliver", "--all")
    assert len(s.wire.posts) == 1
    assert "0 unanswered" in run("purge")
    assert Transfer.objects.get().payload
