"""Enterprises: the GB 32100-2015 credit-code check with its GB 11714 organisation code, registration, refusals, masking, the list."""

from __future__ import annotations

import pytest

from models.enterprise import credit_code_check_char, is_valid_credit_code, organisation_code_check_char
from tests.complaints.queries import CODES, REGISTER

LIST = """
query($f: EnterpriseFilter) {
  enterprises(filter: $f, first: 50) { totalCount nodes { name creditCode tags contactName contactPhone } }
}
"""


def test_known_codes_pass_the_checksum() -> None:
    # Published codes of real companies, and this suite's own.
    for code in ("91350100M000100Y43", "91110000600037341L", *CODES):
        assert is_valid_credit_code(code), code


@pytest.mark.parametrize(
    "code",
    [
        "91370502MA3C4ELX70",  # wrong check character
        "91370502MA3C4ELX7",  # 17 characters
        "91370502MA3C4ELX799",  # 19 characters
        "91370502MI3C4ELX79",  # I is not in the alphabet
        "913705O2MA3C4ELX79",  # letter in the division code
        "91370502ma3c4elx79",  # lower case is not the code's alphabet
        "91370500168360112T",  # the README's former example: its own check right, the organisation code's wrong
        "91370502MA3C4ELX0K",  # likewise
    ],
)
def test_invalid_codes_fail(code: str) -> None:
    assert not is_valid_credit_code(code)


def test_every_single_character_change_is_caught() -> None:
    code = CODES[0]
    for i in range(17):
        for c in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if c != code[i]:
                changed = code[:i] + c + code[i + 1 :]
                assert credit_code_check_char(changed[:17]) != code[17] or not changed[2:8].isdigit()


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("M000100Y", "4"),  # of 91350100M000100Y43
        ("60003734", "1"),  # of 91110000600037341L
        ("00000006", "X"),  # 6 × 2 = 12, remainder 1: 10, written X
        ("00000000", "0"),  # remainder 0 gives 11, written 0
        ("M000100", None),  # 7 characters
        ("m000100y", None),  # lower case
    ],
)
def test_organisation_code_check(body: str, check: str | None) -> None:
    assert organisation_code_check_char(body) == check


def test_a_wrong_organisation_code_is_caught_even_with_the_last_character_recomputed() -> None:
    code = CODES[0]
    for c in "0123456789X":
        if c != code[16]:
            first17 = code[:16] + c
            assert not is_valid_credit_code(first17 + (credit_code_check_char(first17) or ""))


async def test_register_and_list(gql) -> None:  # type: ignore[no-untyped-def]
    payload = await gql.ok(
        REGISTER,
        {
            "input": {
                "name": "东营瑞达石油装备有限公司",
                "creditCode": CODES[1],
                "tags": ["SPECIALIZED", "ABOVE_SCALE"],
                "industry": "石油装备制造",
                "contactName": "李明",
                "contactPhone": "13905461234",
            }
        },
        as_="HOTLINE",
    )
    assert payload["enterprise"]["tags"] == ["ABOVE_SCALE", "SPECIALIZED"]
    assert (await gql(LIST, {"f": {"tag": "SPECIALIZED"}}))["enterprises"]["totalCount"] == 1
    assert (await gql(LIST, {"f": {"tag": "GAZELLE"}}))["enterprises"]["totalCount"] == 0
    assert (await gql(LIST, {"f": {"creditCode": CODES[1]}}))["enterprises"]["nodes"][0][
        "name"
    ] == "东营瑞达石油装备有限公司"
    assert (await gql(LIST, {"f": {"nameContains": "瑞达"}}))["enterprises"]["totalCount"] == 1


async def test_viewer_sees_contacts_masked(gql) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(
        REGISTER,
        {
            "input": {
                "name": "东营瑞达",
                "creditCode": CODES[1],
                "contactName": "李明",
                "contactPhone": "13905461234",
            }
        },
    )
    masked = (await gql(LIST, as_="VIEWER"))["enterprises"]["nodes"][0]
    assert (masked["contactName"], masked["contactPhone"]) == ("李*", "139****1234")
    plain = (await gql(LIST, as_="SUPERVISOR"))["enterprises"]["nodes"][0]
    assert (plain["contactName"], plain["contactPhone"]) == ("李明", "13905461234")


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"creditCode": "91370502MA3C4ELX70"}, "INVALID_CREDIT_CODE", "creditCode"),
        ({"creditCode": "123"}, "INVALID_CREDIT_CODE", "creditCode"),
        ({"name": " "}, "REQUIRED", "name"),
        ({"contactPhone": "call me"}, "INVALID_PHONE", "contactPhone"),
    ],
)
async def test_refusals_write_nothing(gql, patch, code, field) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(REGISTER, {"input": {"name": "某公司", "creditCode": CODES[2], **patch}})
    assert (errors[0]["code"], errors[0]["field"]) == (code, ["input", field])
    assert (await gql(LIST))["enterprises"]["totalCount"] == 0


async def test_duplicate_credit_code_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(REGISTER, {"input": {"name": "甲公司", "creditCode": CODES[2]}})
    errors = await gql.refused(REGISTER, {"input": {"name": "乙公司", "creditCode": CODES[2]}})
    assert errors[0]["code"] == "DUPLICATE_CREDIT_CODE"


async def test_only_hotline_and_admin_register(gql) -> None:  # type: ignore[no-untyped-def]
    for role in ("UNIT_OPERATOR", "VIEWER", "SUPERVISOR"):
        error = await gql.error(REGISTER, {"input": {"name": "甲公司", "creditCode": CODES[2]}}, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
