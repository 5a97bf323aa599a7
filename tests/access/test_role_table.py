"""The role table of issue 7: every role × every root query field and mutation, read from the live schema."""

from __future__ import annotations

from typing import Any

import pytest

from models.auth import Role
from schema import schema
from schema.node import encode_id

ALL = frozenset(r.value for r in Role)
ADMIN = frozenset({"ADMIN"})
STAFF = frozenset({"ADMIN", "SUPERVISOR", "INSPECTOR"})
CONFIDENTIAL = frozenset({"ADMIN", "INSPECTOR"})
NOT_HOTLINE = ALL - {"HOTLINE"}
DIGEST_READERS = ALL - {"HOTLINE"}
OFFICE = frozenset({"ADMIN", "SUPERVISOR"})
INTAKE = frozenset({"ADMIN", "HOTLINE"})
HANDLERS = frozenset({"ADMIN", "UNIT_OPERATOR"})
PROGRESS = frozenset({"ADMIN", "SUPERVISOR", "UNIT_OPERATOR"})

MISSING = 999_999
TASK = encode_id("Task", MISSING)
PLAN = encode_id("Plan", MISSING)
COMPLAINT = encode_id("Complaint", MISSING)
SUPERVISION_ITEM = encode_id("SupervisionItem", MISSING)
CLUE = encode_id("Clue", MISSING)
CASE = encode_id("Case", MISSING)
RATING = encode_id("ComplaintRating", MISSING)

PAGE = "{ totalCount }"
PAYLOAD = "{ userErrors { code } }"

# Root query fields: (document, variables, roles that may read).
QUERIES: dict[str, tuple[str, dict[str, Any], frozenset[str]]] = {
    "node": ("query($id: ID!) { node(id: $id) { id } }", {"id": encode_id("Unit", 1)}, ALL),
    "nodes": ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [encode_id("Unit", 1)]}, ALL),
    "viewer": ("{ viewer { role } }", {}, ALL),
    "units": (f"{{ units {PAGE} }}", {}, ALL),
    "unit": ('{ unit(code: "DY.DYQ") { code } }', {}, ALL),
    "plans": (f"{{ plans {PAGE} }}", {}, NOT_HOTLINE),
    "tasks": (f"{{ tasks {PAGE} }}", {}, NOT_HOTLINE),
    "complaints": (f"{{ complaints {PAGE} }}", {}, ALL),
    "keyFollowUps": (f"{{ keyFollowUps {PAGE} }}", {}, ALL),
    "ratingStats": ('{ ratingStats(from: "2026-11-01", to: "2026-11-30") { rated } }', {}, ALL),
    "intakeAnswerStats": (
        '{ intakeAnswerStats(from: "2026-11-01", to: "2026-11-30") { consultations } }',
        {},
        ALL,
    ),
    "complaint": ('{ complaint(serialNo: "QY000") { id } }', {}, ALL),
    "enterprises": (f"{{ enterprises {PAGE} }}", {}, ALL),
    "slaPolicies": ("{ slaPolicies { code } }", {}, ALL),
    "complaintStats": ('{ complaintStats(from: "2026-11-01", to: "2026-11-30") { received } }', {}, ALL),
    "unitRanking": (
        '{ unitRanking(from: "2026-11-01", to: "2026-11-30", metric: ON_TIME_RATE) { rank } }',
        {},
        ALL,
    ),
    "workingCalendar": ("{ workingCalendar(year: 2026) { year } }", {}, ALL),
    "deadline": (
        '{ deadline(start: "2026-11-24T10:00:00+08:00", amount: 2, unit: WORKING_DAYS) { dueAt } }',
        {},
        ALL,
    ),
    "overdue": (f"{{ overdue {PAGE} }}", {}, ALL),
    "digests": (f"{{ digests {PAGE} }}", {}, DIGEST_READERS),
    "jobRuns": (f"{{ jobRuns {PAGE} }}", {}, STAFF),
    "supervisionItems": (f"{{ supervisionItems {PAGE} }}", {}, NOT_HOTLINE),
    "inspections": (f"{{ inspections {PAGE} }}", {}, NOT_HOTLINE),
    "bulletins": (f"{{ bulletins {PAGE} }}", {}, NOT_HOTLINE),
    "interviews": (f"{{ interviews {PAGE} }}", {}, NOT_HOTLINE),
    "disciplineClues": (f"{{ disciplineClues {PAGE} }}", {}, CONFIDENTIAL),
    "disciplineFigures": (
        '{ disciplineFigures(from: "2026-11-01", to: "2026-11-30") { casesFiled } }',
        {},
        CONFIDENTIAL,
    ),
    "disciplineCases": (f"{{ disciplineCases {PAGE} }}", {}, CONFIDENTIAL),
    "trace": ("query($id: ID!) { trace(id: $id) { root { id } } }", {"id": COMPLAINT}, ALL),
    "auditEvents": (f"{{ auditEvents {PAGE} }}", {}, CONFIDENTIAL),
    "auditIntegrity": ("{ auditIntegrity { ok } }", {}, CONFIDENTIAL),
}

DAY = "2026-12-01"
# Mutations: (minimal well-formed input, roles that may write). Targets may not exist.
MUTATIONS: dict[str, tuple[dict[str, Any], frozenset[str]]] = {
    "createUnit": ({"code": "DY.ZZ", "name": "测试单位", "kind": "DEPARTMENT", "parentCode": "DY"}, ADMIN),
    "updateUnit": ({"code": "DY.DYQ", "shortName": "东营区"}, ADMIN),
    "createPlan": ({"title": "测试方案"}, OFFICE),
    "createTask": (
        {"planId": PLAN, "title": "任务", "category": "MARKET", "leadUnitCodes": ["DY.DYQ"]},
        OFFICE,
    ),
    "updateTask": ({"id": TASK}, OFFICE),
    "addMilestone": ({"taskId": TASK, "title": "节点", "dueOn": DAY}, OFFICE),
    "completeMilestone": ({"id": encode_id("Milestone", MISSING)}, PROGRESS),
    "reportProgress": ({"taskId": TASK, "text": "进展", "percent": 10}, PROGRESS),
    "startTask": ({"id": TASK}, PROGRESS),
    "suspendTask": ({"id": TASK, "reason": "暂停"}, OFFICE),
    "resumeTask": ({"id": TASK}, OFFICE),
    "completeTask": ({"id": TASK, "summary": "办结"}, PROGRESS),
    "verifyTask": ({"id": TASK, "accept": True}, OFFICE),
    "importTasks": ({"planId": PLAN, "format": "CSV", "contentBase64": ""}, OFFICE),
    "registerEnterprise": ({"name": "测试企业", "creditCode": "91370500MA3TEST01X"}, INTAKE),
    "assignLiaison": (
        {"enterpriseId": encode_id("Enterprise", MISSING), "name": "李卫国", "unitCode": "DY.DYQ"},
        OFFICE,
    ),
    "receiveComplaint": (
        {"channel": "HOTLINE_12345", "kind": "HELP", "title": "诉求", "content": "内容"},
        INTAKE,
    ),
    "dispatchComplaint": ({"complaintId": COMPLAINT, "unitCode": "DY.DYQ"}, INTAKE),
    "returnComplaint": ({"complaintId": COMPLAINT, "reason": "非本单位"}, HANDLERS),
    "withdrawComplaint": ({"complaintId": COMPLAINT, "reason": "企业撤回"}, INTAKE),
    "answerAtIntake": ({"complaintId": COMPLAINT, "answer": "已答复"}, INTAKE),
    "rateComplaint": ({"complaintId": COMPLAINT, "score": 5}, INTAKE),
    "verifyRating": ({"ratingId": RATING, "isComplex": False, "note": "已核实"}, HANDLERS),
    "rectifyRating": ({"ratingId": RATING, "note": "已整改"}, HANDLERS),
    "recordContact": ({"complaintId": COMPLAINT}, HANDLERS),
    "recordReply": ({"complaintId": COMPLAINT}, HANDLERS),
    "resolveComplaint": (
        {"complaintId": COMPLAINT, "handlingResult": "已办", "isReasonable": True},
        HANDLERS,
    ),
    "recordReturnVisit": (
        {"complaintId": COMPLAINT, "satisfaction": "SATISFIED", "problemSolved": True},
        INTAKE,
    ),
    "reopenComplaint": ({"complaintId": COMPLAINT, "reason": "不满意"}, INTAKE | OFFICE),
    "escalateComplaint": ({"complaintId": COMPLAINT, "reason": "提级"}, OFFICE),
    "requestExtension": (
        {"complaintId": COMPLAINT, "requestedDueAt": "2026-12-01T10:00:00+08:00", "reason": "复杂"},
        HANDLERS,
    ),
    "decideExtension": ({"extensionId": encode_id("Extension", MISSING), "approve": True}, OFFICE),
    "upsertSlaPolicy": (
        {
            "code": "TEST",
            "name": "测试",
            "contact": {"amount": 2, "unit": "HOURS"},
            "reply": {"amount": 1, "unit": "WORKING_DAYS"},
            "resolve": {"amount": 5, "unit": "WORKING_DAYS"},
        },
        ADMIN,
    ),
    "loadCalendar": ({"year": 2030, "days": []}, ADMIN),
    "acknowledgeDigest": ({"digestId": encode_id("Digest", MISSING)}, STAFF | HANDLERS),
    "openSupervisionItem": (
        {"title": "督办", "responsibleUnitCode": "DY.DYQ", "dueOn": DAY, "source": "LEADER_INSTRUCTION"},
        OFFICE,
    ),
    "submitRectification": ({"itemId": SUPERVISION_ITEM, "text": "整改"}, HANDLERS),
    "verifyRectification": ({"itemId": SUPERVISION_ITEM, "accept": True}, OFFICE),
    "extendSupervisionItem": ({"itemId": SUPERVISION_ITEM, "newDueOn": DAY, "reason": "延期"}, OFFICE),
    "createInspection": ({"title": "督查", "kind": "INSPECTION", "startsOn": DAY}, OFFICE),
    "addFinding": (
        {
            "inspectionId": encode_id("Inspection", MISSING),
            "unitCode": "DY.DYQ",
            "description": "问题",
            "dueOn": DAY,
        },
        OFFICE,
    ),
    "publishBulletin": ({"kind": "REGULAR", "title": "通报"}, OFFICE),
    "recordInterview": ({"unitCode": "DY.DYQ", "heldOn": DAY, "reason": "OTHER"}, OFFICE),
    "transferClue": ({"source": "TASK", "summary": "线索", "receivedOn": DAY}, CONFIDENTIAL),
    "disposeClue": ({"clueId": CLUE, "disposal": "SHELVED", "reason": "暂存"}, CONFIDENTIAL),
    "recordFormOneOutcome": (
        {"clueId": CLUE, "personName": "张某", "measure": "TALK_REMINDER", "decidedOn": "2026-11-24"},
        CONFIDENTIAL,
    ),
    "fileCase": ({"clueId": CLUE, "title": "案件", "filedOn": DAY}, CONFIDENTIAL),
    "recordSanction": (
        {"caseId": CASE, "form": "FORM_1", "decidedOn": DAY, "documentNo": "东纪〔2026〕1号"},
        CONFIDENTIAL,
    ),
    "issueRecommendation": (
        {"caseId": CASE, "unitCode": "DY.DYQ", "content": "建议", "replyDueOn": DAY},
        CONFIDENTIAL,
    ),
    "replyRecommendation": (
        {"recommendationId": encode_id("Recommendation", MISSING), "reply": "已整改"},
        CONFIDENTIAL | HANDLERS,
    ),
    "closeCase": ({"caseId": CASE, "outcome": "结案"}, CONFIDENTIAL),
    "runJob": ({"name": "no-such-job"}, ADMIN),
}


def _mutation_document(name: str) -> str:
    input_type = schema._schema.mutation_type.fields[name].args["input"].type
    return f"mutation($input: {input_type}) {{ {name}(input: $input) {PAYLOAD} }}"


def _cases() -> list[tuple[str, str, str, dict[str, Any], bool]]:
    cases = [(f, r, doc, vars_, r in allowed) for f, (doc, vars_, allowed) in QUERIES.items() for r in ALL]
    for field, (input_, allowed) in MUTATIONS.items():
        doc = _mutation_document(field)
        cases += [(field, r, doc, {"input": input_}, r in allowed) for r in ALL]
    return sorted(cases, key=lambda c: (c[0], c[1]))


def test_every_root_field_has_a_row() -> None:
    live = schema._schema
    assert set(live.query_type.fields) == set(QUERIES)
    assert set(live.mutation_type.fields) == set(MUTATIONS)


def test_every_row_allows_the_admin_and_forbids_the_viewer_writes() -> None:
    assert all("ADMIN" in allowed for *_, allowed in QUERIES.values())
    assert all("ADMIN" in allowed and "VIEWER" not in allowed for _, allowed in MUTATIONS.values())


@pytest.mark.parametrize(
    ("field", "role", "document", "variables", "allowed"),
    _cases(),
    ids=[f"{c[0]}-{c[1]}" for c in _cases()],
)
async def test_role_table(shared_gql, field, role, document, variables, allowed) -> None:  # type: ignore[no-untyped-def]
    body = await shared_gql.raw(document, variables, as_=role)
    errors = body.get("errors") or []
    codes = [e.get("extensions", {}).get("code") for e in errors]
    assert "INTERNAL_ERROR" not in codes, errors
    if allowed:
        assert "FORBIDDEN" not in codes, errors
        return
    assert codes and all(code == "FORBIDDEN" for code in codes), body
    assert errors[0]["path"][0] == field
    assert (body.get("data") or {}).get(field) is None, body
