"""The one input-to-command converter: same-named fields, nested inputs and lists, typed global ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pytest
import strawberry

import schema  # noqa: F401  (registers the node types the ids below name)
from resolvers.errors import RequestError
from schema.commands import command, described_input, node_id
from schema.node import encode_id
from tests.complaints.queries import CONTACT, LIST, RECEIVE, new_complaint, received


class Colour(str, Enum):
    RED = "RED"


@dataclass
class Part:
    name: str
    complaint_ids: list[int] = field(default_factory=list)


@dataclass
class Whole:
    complaint_id: int
    colour: str
    parts: list[Part]
    note: str | None = None


@strawberry.input
class PartInput:
    name: str
    complaint_ids: list[strawberry.ID] = node_id("Complaint", description="ids", default_factory=list)


@strawberry.input
class WholeInput:
    complaint_id: strawberry.ID = node_id("Complaint", description="id")
    colour: strawberry.enum(Colour) = Colour.RED  # type: ignore[valid-type]
    parts: list[PartInput] = strawberry.field(default_factory=list)
    note: str | None = None


def test_fields_nested_inputs_lists_ids_and_enums_convert() -> None:
    source = WholeInput(
        complaint_id=encode_id("Complaint", 7),
        parts=[PartInput(name="a", complaint_ids=[encode_id("Complaint", 8), encode_id("Complaint", 9)])],
    )
    assert command(source, Whole) == Whole(7, "RED", [Part("a", [8, 9])], None)
    assert command(None, Whole) is None


def test_given_values_and_unused_fields() -> None:
    source = WholeInput(complaint_id=encode_id("Complaint", 7), note="n")
    assert command(source, Whole, unused=("note",), parts=[]).note is None
    assert command(source, Whole, note="replaced").note == "replaced"


def test_an_input_field_without_a_place_in_the_command_is_refused() -> None:
    @dataclass
    class Narrow:
        complaint_id: int

    with pytest.raises(TypeError, match="WholeInput.colour has no place in Narrow"):
        command(WholeInput(complaint_id=encode_id("Complaint", 7)), Narrow)


def test_an_id_of_another_type_is_invalid_id_even_in_a_nested_list() -> None:
    task = encode_id("Task", 3)
    source = WholeInput(
        complaint_id=encode_id("Complaint", 7), parts=[PartInput(name="a", complaint_ids=[task])]
    )
    with pytest.raises(RequestError) as refused:
        command(source, Whole)
    assert refused.value.code == "INVALID_ID"
    assert refused.value.message == f"ID 类型不符 (id {task!r} is not Complaint)"


def test_a_derived_input_takes_the_dataclass_fields_and_turns_keys_into_ids() -> None:
    derived = described_input(
        Part, "部分 (part)", {"name": "名称", "complaint_ids": "诉求"}, {"complaint_ids": "Complaint"}
    )
    definition = derived.__strawberry_definition__
    assert [(f.python_name, f.description) for f in definition.fields] == [
        ("name", "名称"),
        ("complaint_ids", "诉求"),
    ]
    source = derived(name="a", complaint_ids=[encode_id("Complaint", 8)])
    assert command(source, Part) == Part("a", [8])
    with pytest.raises(ValueError, match=r"fields without a description: \['complaint_ids'\]"):
        described_input(Part, "部分", {"name": "名称"})
    internal = described_input(Part, "部分", {"name": "名称"}, internal=("complaint_ids",))
    assert [f.python_name for f in internal.__strawberry_definition__.fields] == ["name"]
    assert command(internal(name="b"), Part) == Part("b", [])
    with pytest.raises(ValueError, match=r"no such fields: \['nmae'\]"):
        described_input(Part, "部分", {"name": "名称", "complaint_ids": "诉求", "nmae": "?"})


async def test_through_graphql_a_wrong_type_id_is_invalid_id_on_the_field(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await received(gql, "C-1")
    enterprise = (await gql("query { enterprises(first: 1) { nodes { id } } }"))["enterprises"]["nodes"][0][
        "id"
    ]
    error = await gql.error(CONTACT, {"input": {"complaintId": enterprise}})
    assert error["extensions"]["code"] == "INVALID_ID" and error["path"] == ["recordContact"]
    assert error["message"] == f"ID 类型不符 (id {enterprise!r} is not Complaint)"
    wrong_filter = await gql.error(LIST, {"f": {"enterpriseId": complaint["id"]}})
    assert wrong_filter["extensions"]["code"] == "INVALID_ID" and wrong_filter["path"] == ["complaints"]
    # The empty string is a malformed id in every id field (two converters used to read it as omitted).
    empty = await gql.error(RECEIVE, new_complaint("C-2", enterpriseId=""), as_="HOTLINE")
    assert empty["extensions"]["code"] == "INVALID_ID" and empty["path"] == ["receiveComplaint"]
    listed = await gql(LIST, {"f": {"enterpriseId": enterprise}})
    assert listed["complaints"]["nodes"] == [{"serialNo": complaint["serialNo"], "status": "RECEIVED"}]
