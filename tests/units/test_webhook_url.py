"""updateUnit(webhookUrl): addresses inside the network are refused unless allow-listed."""

from __future__ import annotations

import pytest

from models.settings import load_settings

UPDATE = """
mutation($input: UpdateUnitInput!) {
  updateUnit(input: $input) { unit { webhookUrl version } userErrors { field message code } }
}
"""
UNIT = 'query { unit(code: "DY.SPJ") { webhookUrl version } }'

# One URL per forbidden range, with the word its refusal must give as the reason.
FORBIDDEN = [
    ("http://127.0.0.1/hook", "loopback"),
    ("http://127.1:8080/hook", "loopback"),  # shorthand the resolver also accepts
    ("http://2130706433/hook", "loopback"),  # 127.0.0.1 as one decimal number
    ("http://0x7f000001/hook", "loopback"),
    ("http://[::1]/hook", "loopback"),
    ("http://localhost:9000/hook", "loopback"),  # a name: checked on what it resolves to
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/hook", "link-local"),
    ("http://10.1.2.3/hook", "private"),
    ("http://172.16.0.1/hook", "private"),
    ("https://192.168.1.10/hook", "private"),
    ("http://[fd12:3456::1]/hook", "private"),
    ("http://100.64.0.1/hook", "not globally reachable"),
    ("http://0.0.0.0/hook", "unspecified"),
    ("http://[::]/hook", "unspecified"),
    ("http://224.0.0.1/hook", "multicast"),
    ("http://[ff02::1]/hook", "multicast"),
    ("http://240.0.0.1/hook", "reserved"),
    ("http://[::ffff:127.0.0.1]/hook", "loopback"),  # IPv4-mapped IPv6
    ("http://[::ffff:a9fe:a9fe]/hook", "link-local"),  # 169.254.169.254, mapped
    ("http://[2002:a9fe:a9fe::1]/hook", "link-local"),  # 6to4 carrying 169.254.169.254
    ("http://[64:ff9b::a00:1]/hook", "private"),  # NAT64 carrying 10.0.0.1
]


async def _set(gql, url: str) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(UPDATE, {"input": {"code": "DY.SPJ", "webhookUrl": url}}))["updateUnit"]


@pytest.mark.parametrize(("url", "why"), FORBIDDEN)
async def test_an_address_inside_the_network_is_refused_and_nothing_is_written(gql, url, why) -> None:  # type: ignore[no-untyped-def]
    before = (await gql(UNIT))["unit"]
    payload = await _set(gql, url)
    (error,) = payload["userErrors"]
    assert (error["code"], error["field"]) == ("FORBIDDEN_ADDRESS", ["input", "webhookUrl"])
    assert why in error["message"] and "内网" in error["message"], error["message"]
    assert payload["unit"] is None
    assert (await gql(UNIT))["unit"] == before


@pytest.mark.parametrize("url", ["http://8.8.8.8/hook", "https://[2606:4700:4700::1111]:8443/duban?unit=spj"])
async def test_a_public_address_is_accepted(gql, url) -> None:  # type: ignore[no-untyped-def]
    payload = await _set(gql, url)
    assert payload["userErrors"] == [] and payload["unit"]["webhookUrl"] == url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://8.8.8.8/hook",
        "http://user:secret@8.8.8.8/hook",  # credentials: parsers disagree on the host
        "http://8.8.8.8\\@127.0.0.1/hook",
        "http://8.8.8.8:99999/hook",
        "http://[::1/hook",
        "http:///hook",
    ],
)
async def test_a_malformed_url_is_invalid(gql, url) -> None:  # type: ignore[no-untyped-def]
    (error,) = (await _set(gql, url))["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_URL", ["input", "webhookUrl"])


async def test_allow_listed_hosts_and_networks_are_accepted(gql, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUBAN_WEBHOOK_ALLOW_HOSTS", " LocalHost , 10.0.0.0/8,fd12:3456::/32")
    for url in ("http://localhost:9000/hook", "http://10.1.2.3/hook", "http://[fd12:3456::1]/hook"):
        payload = await _set(gql, url)
        assert payload["userErrors"] == [] and payload["unit"]["webhookUrl"] == url
    # Only what is listed: another private network is still refused.
    (error,) = (await _set(gql, "http://192.168.1.10/hook"))["userErrors"]
    assert error["code"] == "FORBIDDEN_ADDRESS"


def test_a_malformed_allow_list_network_fails_at_start_up() -> None:
    with pytest.raises(ValueError):
        load_settings({"DUBAN_WEBHOOK_ALLOW_HOSTS": "10.0.0.0/33"})
    assert load_settings({"DUBAN_WEBHOOK_ALLOW_HOSTS": "hooks.corp., 10.0.0.0/8"}).webhook_allow_hosts == (
        "hooks.corp",
        "10.0.0.0/8",
    )
