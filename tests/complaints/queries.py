"""GraphQL documents and set-up steps shared by the complaint tests."""

from __future__ import annotations

from typing import Any

COMPLAINT_FIELDS = """
  id serialNo status version channel externalRef kind title reopenCount isReasonable escalatedAt
  enterprise { name creditCode } handlingUnit { code } slaPolicy { code }
  dispatchedAt contactDueAt contactedAt contactInTime replyDueAt repliedAt replyInTime
  resolveDueAt resolvedAt resolveInTime deadlineProvisional isOverdue
  breaches { stage dueAt metAt }
  returnVisit { satisfaction problemSolved comments }
  dispatches { unit { code } dispatchedAt returnedAt returnReason }
"""

REGISTER = """
mutation($input: RegisterEnterpriseInput!) {
  registerEnterprise(input: $input) {
    enterprise { id name creditCode tags industry contactName contactPhone }
    userErrors { field message code }
  }
}
"""
RECEIVE = f"""
mutation($input: ReceiveComplaintInput!) {{
  receiveComplaint(input: $input) {{ complaint {{ {COMPLAINT_FIELDS} }} userErrors {{ field message code }} }}
}}
"""


def _complaint_mutation(name: str, input_type: str) -> str:
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ complaint {{ {COMPLAINT_FIELDS} }} userErrors {{ field message code }} }}
}}
"""


DISPATCH = _complaint_mutation("dispatchComplaint", "DispatchComplaintInput")
RETURN = _complaint_mutation("returnComplaint", "ReturnComplaintInput")
CONTACT = _complaint_mutation("recordContact", "RecordContactInput")
REPLY = _complaint_mutation("recordReply", "RecordReplyInput")
RESOLVE = _complaint_mutation("resolveComplaint", "ResolveComplaintInput")
VISIT = _complaint_mutation("recordReturnVisit", "RecordReturnVisitInput")
REOPEN = _complaint_mutation("reopenComplaint", "ReopenComplaintInput")
# Escalation answers with the supervision item it opened; its origin is the complaint.
ESCALATE = f"""
mutation($input: EscalateComplaintInput!) {{
  escalateComplaint(input: $input) {{
    supervisionItem {{ origins {{ ... on Complaint {{ {COMPLAINT_FIELDS} }} }} }}
    userErrors {{ field message code }}
  }}
}}
"""
WITHDRAW = _complaint_mutation("withdrawComplaint", "WithdrawComplaintInput")
EXTENSION_FIELDS = (
    "id status previousDueAt requestedDueAt reason decidedBy decisionReason complaint { resolveDueAt }"
)
REQUEST_EXTENSION = f"""
mutation($input: RequestExtensionInput!) {{
  requestExtension(input: $input) {{ extension {{ {EXTENSION_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
DECIDE_EXTENSION = f"""
mutation($input: DecideExtensionInput!) {{
  decideExtension(input: $input) {{ extension {{ {EXTENSION_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
BY_SERIAL = (
    f"query($s: String!) {{ complaint(serialNo: $s) {{ {COMPLAINT_FIELDS} events {{ kind actor at }} }} }}"
)
LIST = """
query($f: ComplaintFilter, $o: [ComplaintOrder!], $first: Int) {
  complaints(filter: $f, orderBy: $o, first: $first) { totalCount nodes { serialNo status } }
}
"""

# Valid GB 32100-2015 codes (checked by test_enterprises).
CODES = ["91370502MA3C4ELX79", "913705001683601141", "92370502MA3N6LH60C", "91370522MA3QFY7J05"]


def new_complaint(ref: str | None = "HL-1", code: str = CODES[0], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "HOTLINE_12345",
        "kind": "HELP",
        "title": "厂区周边道路积水影响货车通行",
        "content": "雨后厂区门口道路积水严重，请协调市政部门处理。",
        "newEnterprise": {
            "name": "东营某某化工有限公司",
            "creditCode": code,
            "contactName": "王建华",
            "contactPhone": "13905460001",
        },
        **extra,
    }
    if ref is not None:
        body["externalRef"] = ref
    return {"input": body}


async def received(gql: Any, ref: str | None = "HL-1", **extra: Any) -> dict[str, Any]:
    return (await gql.ok(RECEIVE, new_complaint(ref, **extra), as_="HOTLINE"))["complaint"]


async def dispatched(
    gql: Any, unit: str = "DY.DYQ.XD", ref: str | None = "HL-1", **extra: Any
) -> dict[str, Any]:
    complaint = await received(gql, ref, **extra)
    payload = await gql.ok(
        DISPATCH, {"input": {"complaintId": complaint["id"], "unitCode": unit}}, as_="HOTLINE"
    )
    return payload["complaint"]


async def step(
    gql: Any, doc: str, complaint_id: str, as_: str = "UNIT_OPERATOR", **fields: Any
) -> dict[str, Any]:
    payload = await gql.ok(doc, {"input": {"complaintId": complaint_id, **fields}}, as_=as_)
    if "supervisionItem" in payload:
        return payload["supervisionItem"]["origins"][0]
    return payload["complaint"]


async def resolved(gql: Any, ref: str = "HL-1", reasonable: bool = True) -> dict[str, Any]:
    complaint = await dispatched(gql, ref=ref)
    await step(gql, CONTACT, complaint["id"])
    await step(gql, REPLY, complaint["id"], note="已初步答复")
    return await step(gql, RESOLVE, complaint["id"], handlingResult="已协调排水", isReasonable=reasonable)
