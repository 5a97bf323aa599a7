"""DUBAN_AUDIT_KEY: read from the environment only, never shown, too short refused, unset warned about."""

from __future__ import annotations

from dataclasses import replace

import pytest
from asgi_lifespan import LifespanManager

from main import create_app
from models.settings import DEVELOPMENT_AUDIT_KEY, load_settings

KEY = "a-secret-of-the-right-length-0123"


def test_the_key_is_redacted_and_the_default_is_named() -> None:
    keyed = load_settings({"DUBAN_AUDIT_KEY": KEY})
    assert keyed.audit_hmac_key == KEY.encode()
    assert keyed.redacted()["audit_key"] == "***"
    assert KEY not in str(keyed.redacted())
    unset = load_settings({})
    assert unset.audit_hmac_key == DEVELOPMENT_AUDIT_KEY.encode()
    assert "development default" in str(unset.redacted()["audit_key"])


def test_a_short_key_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="DUBAN_AUDIT_KEY"):
        load_settings({"DUBAN_AUDIT_KEY": "short"})


async def test_the_start_up_banner_warns_without_a_key(settings, caplog) -> None:  # type: ignore[no-untyped-def]
    for key, warned in (("", True), (KEY, False)):
        caplog.clear()
        async with LifespanManager(create_app(replace(settings, audit_key=key))):
            pass
        assert ("DUBAN_AUDIT_KEY 未设置" in caplog.text) is warned
