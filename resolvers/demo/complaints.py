"""Demo complaints: enterprises of a Dongying-like city and ~40 complaints in every lifecycle state."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from models.complaint import ComplaintChannel as Ch
from models.complaint import ComplaintKind as K
from models.complaint import Satisfaction as Sat
from models.enterprise import EnterpriseTag as T
from resolvers.access import Scope
from resolvers.complaints import followup, handling, intake
from resolvers.complaints.enterprises import (
    AssignLiaison,
    RegisterEnterprise,
    assign_liaison,
    register_enterprise,
)
from resolvers.supervision import escalation

__all__ = ["COMPLAINTS", "ENTERPRISES", "LIAISONS", "seed"]

# (name, credit code — valid GB 32100-2015 codes, tags, industry, contact, phone)
ENTERPRISES = [
    (
        "东营瑞达石油装备有限公司",
        "91370502MA3C4EL90Y",
        [T.ABOVE_SCALE, T.SPECIALIZED],
        "石油装备制造",
        "王建华",
        "13905460001",
    ),
    (
        "山东黄河三角洲化工有限公司",
        "913705001683601141",
        [T.ABOVE_SCALE],
        "化学原料",
        "李红梅",
        "13905460002",
    ),
    (
        "东营垦利新能源科技有限公司",
        "91370521MA3M9WT62P",
        [T.HIGH_TECH, T.GAZELLE],
        "新能源",
        "张伟",
        "13905460003",
    ),
    ("东营区惠民超市", "92370502MA3N6LH52H", [T.SOLE_TRADER], "零售", "赵敏", "13905460004"),
    ("广饶县大王橡胶制品有限公司", "91370523MA3NE4JB15", [T.ABOVE_SCALE], "橡胶制品", "孔亮", "13905460005"),
    ("东营港海通物流有限公司", "91370591MA3R6YUX36", [T.SMALL_MICRO], "物流", "严峻", "13905460006"),
    (
        "东营智慧农业发展有限公司",
        "91370500MA3BY7KD0L",
        [T.HIGH_TECH, T.SPECIALIZED],
        "现代农业",
        "孙立",
        "13905460007",
    ),
    ("利津县鑫源纺织有限公司", "91370522MA3QFY7J05", [T.SMALL_MICRO], "纺织", "施红", "13905460008"),
    ("河口区海韵水产养殖有限公司", "91370503MA3D8K2PX5", [T.SMALL_MICRO], "水产养殖", "吕强", "13905460009"),
    (
        "东营经开区云帆软件有限公司",
        "91370502MA3FQ8BL1H",
        [T.HIGH_TECH, T.GAZELLE, T.SPECIALIZED],
        "软件",
        "曹阳",
        "13905460010",
    ),
]

# (enterprise index, channel, kind, title, handling unit, days ago, how far it went)
COMPLAINTS = [
    (0, Ch.HOTLINE_12345, K.HELP, "施工许可证办理进度咨询", "DY.SPJ", 55, "closed"),
    (1, Ch.ONLINE_PLATFORM, K.HELP, "新建厂房用电报装时间过长", "DY.FGW", 52, "closed"),
    (2, Ch.VISIT, K.HELP, "光伏项目用地指标协调", "DY.ZRJ", 50, "closed_late"),
    (3, Ch.HOTLINE_12345, K.COMPLAINT, "门前道路施工长期占道影响经营", "DY.DYQ.XD", 48, "closed"),
    (4, Ch.FORUM, K.SUGGESTION, "建议简化危化品运输车辆通行审批", "DY.GRX", 46, "closed"),
    (5, Ch.HOTLINE_12345, K.HELP, "港区货车通行证办理", "DY.GKQ", 45, "closed"),
    (6, Ch.ONLINE_PLATFORM, K.CONSULTATION, "农业设施用地政策咨询", "DY.ZRJ", 44, "closed"),
    (7, Ch.LETTER, K.COMPLAINT, "稳岗返还资金未到账", "DY.RSJ", 42, "closed"),
    (8, Ch.HOTLINE_12345, K.HELP, "养殖用海手续办理", "DY.HKQ", 40, "visited_unsat"),
    (9, Ch.SUPERVISOR_PANEL, K.COMPLAINT, "高新技术企业认定材料被反复退回", "DY.KFQ", 38, "closed"),
    (0, Ch.HOTLINE_12345, K.HELP, "增值税留抵退税办理", "DY.SWJ", 36, "closed"),
    (1, Ch.ONLINE_PLATFORM, K.REPORT, "园区内企业违规排污举报", "DY.SJJ", 35, "reopened"),
    (2, Ch.HOTLINE_12345, K.HELP, "充电桩建设审批流程", "DY.KLQ", 33, "closed"),
    (3, Ch.HOTLINE_12345, K.CONSULTATION, "个体工商户经营范围变更", "DY.SPJ", 32, "closed"),
    (4, Ch.VISIT, K.HELP, "企业融资贷款对接", "DY.FGW", 30, "reopened_twice"),
    (5, Ch.HOTLINE_12345, K.COMPLAINT, "物流园区周边道路积水", "DY.ZJJ", 28, "resolved"),
    (6, Ch.FORUM, K.SUGGESTION, "建议增加农业保险品种", "DY.FGW", 27, "resolved"),
    (7, Ch.HOTLINE_12345, K.HELP, "招工难，请求人社部门组织招聘会", "DY.LJX", 26, "resolved_late"),
    (8, Ch.ONLINE_PLATFORM, K.HELP, "水产品冷链运输车辆通行", "DY.HKQ", 25, "closed"),
    (9, Ch.HOTLINE_12345, K.CONSULTATION, "软件著作权登记补贴申请", "DY.KFQ", 24, "closed"),
    (0, Ch.LETTER, K.COMPLAINT, "工程款被拖欠", "DY.DYQ", 22, "escalated_replied"),
    (1, Ch.HOTLINE_12345, K.HELP, "消防验收预约", "DY.ZJJ", 20, "replied_overdue"),
    (
        2,
        Ch.SUPERVISOR_PANEL,
        K.COMPLAINT,
        "不动产登记窗口要求重复提交材料",
        "DY.ZRJ",
        18,
        "returned_redispatched",
    ),
    (3, Ch.HOTLINE_12345, K.HELP, "燃气开户办理", "DY.DYQ.WH", 16, "extension_approved"),
    (4, Ch.ONLINE_PLATFORM, K.HELP, "出口退税进度", "DY.SWJ", 14, "extension_pending"),
    (5, Ch.HOTLINE_12345, K.COMPLAINT, "港区道路限行标志不清", "DY.GKQ", 12, "replied"),
    (6, Ch.VISIT, K.HELP, "大棚用电增容", "DY.GRX.DW", 10, "replied"),
    (7, Ch.HOTLINE_12345, K.HELP, "污水接入市政管网", "DY.LJX", 8, "contacted"),
    (8, Ch.HOTLINE_12345, K.CONSULTATION, "渔船证件年审", "DY.HKQ", 6, "contacted_late"),
    (9, Ch.ONLINE_PLATFORM, K.HELP, "人才公寓申请", "DY.KFQ", 5, "contacted"),
    (0, Ch.HOTLINE_12345, K.HELP, "特种设备检验预约", "DY.SJJ", 4, "dispatched_overdue"),
    (1, Ch.HOTLINE_12345, K.COMPLAINT, "厂区周边噪声扰民投诉处理", "DY.DYQ.XD", 3, "dispatched_overdue"),
    (2, Ch.FORUM, K.SUGGESTION, "建议设立新能源企业服务专员", "DY.FGW", 2, "escalated_dispatched"),
    (3, Ch.HOTLINE_12345, K.HELP, "营业执照遗失补办", "DY.SPJ", 1, "contacted"),
    (4, Ch.HOTLINE_12345, K.HELP, "厂区门口公交站点设置", "DY.GRX", 0.05, "dispatched"),
    (5, Ch.ONLINE_PLATFORM, K.CONSULTATION, "港口作业许可续期", "DY.GKQ", 0.04, "dispatched"),
    (6, Ch.HOTLINE_12345, K.HELP, "农产品电商物流补贴", "", 0.03, "received"),
    (7, Ch.LETTER, K.COMPLAINT, "社保缴费基数核定争议", "", 0.02, "received"),
    (8, Ch.HOTLINE_12345, K.HELP, "海域使用金缴纳咨询", "", 0.5, "withdrawn"),
    (9, Ch.HOTLINE_12345, K.SUGGESTION, "建议开通企业诉求线上评价", "", 0.01, "received"),
]


class _Play:
    """Runs one complaint's steps through the actions, each at its own moment."""

    def __init__(self, scope: Scope, start: datetime) -> None:
        self.scope, self.start, self.cid = scope, start, 0

    def at(self, hours: float) -> Scope:
        moment = self.start + timedelta(hours=hours)
        return replace(self.scope, clock=lambda: moment)

    async def receive(self, spec: tuple, n: int) -> None:  # type: ignore[type-arg]
        idx, channel, kind, title, _, _, _ = spec
        name, code = ENTERPRISES[idx][:2]
        cmd = intake.ReceiveComplaint(
            channel=channel,
            kind=kind,
            title=title,
            content=f"{name}反映：{title}，请协调解决。",
            external_ref=f"DEMO-{n:03d}",
            new_enterprise=RegisterEnterprise(name=name, credit_code=code),
            received_at=self.start,
        )
        self.cid = (await intake.receive_complaint(self.at(0), cmd)).id

    async def dispatch(self, unit: str, hours: float = 0.2) -> None:
        await handling.dispatch_complaint(self.at(hours), handling.DispatchComplaint(self.cid, unit))

    async def stage(self, action, hours: float) -> None:  # type: ignore[no-untyped-def]
        await action(self.at(hours), handling.RecordStage(self.cid, "已与企业沟通"))

    async def resolve(self, hours: float, reasonable: bool = True) -> None:
        cmd = handling.ResolveComplaint(self.cid, "已协调相关部门办理，企业确认", reasonable)
        await handling.resolve_complaint(self.at(hours), cmd)

    async def visit(self, hours: float, sat: Sat, solved: bool = True) -> None:
        cmd = followup.RecordReturnVisit(self.cid, sat, solved, "电话回访")
        await followup.record_return_visit(self.at(hours), cmd)


async def _handle(play: _Play, unit: str, outcome: str) -> None:
    """Carry a dispatched complaint as far as `outcome` says (hours counted from receipt)."""
    contact = 3.5 if outcome in ("contacted_late", "closed_late") else 1
    await play.stage(handling.record_contact, contact)
    if outcome.startswith("contacted"):
        return
    await play.stage(handling.record_reply, 20)
    if outcome in (
        "replied",
        "replied_overdue",
        "escalated_replied",
        "extension_approved",
        "extension_pending",
    ):
        await _follow_up(play, outcome)
        return
    late = outcome in ("closed_late", "resolved_late")
    await play.resolve(24 * (16 if late else 5))
    if outcome.startswith("resolved"):
        return
    satisfied = outcome.startswith("closed")
    await play.visit(24 * (17 if late else 6), Sat.SATISFIED if satisfied else Sat.UNSATISFIED, satisfied)
    for n in range({"reopened": 1, "reopened_twice": 2}.get(outcome, 0)):
        await followup.reopen_complaint(
            play.at(24 * (7 + 3 * n)), followup.ReopenComplaint(play.cid, "企业不满意")
        )
        if n == 0 and outcome == "reopened_twice":
            await play.resolve(24 * 8)
            await play.visit(24 * 9, Sat.UNSATISFIED, False)


async def _follow_up(play: _Play, outcome: str) -> None:
    if outcome == "escalated_replied":
        await escalation.escalate_complaint(
            play.at(24 * 15), followup.EscalateComplaint(play.cid, "企业多次反映未解决")
        )
    if outcome.startswith("extension"):
        due = play.start + timedelta(days=30)
        cmd = followup.RequestExtension(play.cid, due, "涉及跨部门协调，申请延期")
        extension = await followup.request_extension(play.at(48), cmd)
        if outcome == "extension_approved":
            decision = followup.DecideExtension(extension.id, True, "同意延期")
            await followup.decide_extension(play.at(50), decision)


# 帮包责任人 ("一企一策一人"): credit code → (cadre, phone, the cadre's unit); their units' digests list
# these enterprises' open complaints.
LIAISONS = {
    "91370502MA3C4EL90Y": ("刘振东", "13705461101", "DY.DYQ"),
    "91370523MA3NE4JB15": ("马春燕", "13705461102", "DY.GRX.DW"),
    "91370521MA3M9WT62P": ("周海涛", "13705461103", "DY.KLQ"),
}


async def seed(scope: Scope) -> None:
    for name, code, tags, industry, contact, phone in ENTERPRISES:
        cmd = RegisterEnterprise(name, code, tags, industry, contact, phone)
        enterprise = await register_enterprise(scope, cmd)
        if code in LIAISONS:
            cadre, cadre_phone, unit = LIAISONS[code]
            await assign_liaison(scope, AssignLiaison(enterprise.id, cadre, unit, cadre_phone))
    now = scope.now()
    for n, spec in enumerate(COMPLAINTS, start=1):
        unit, days_ago, outcome = spec[4], spec[5], spec[6]
        play = _Play(scope, now - timedelta(days=days_ago))
        await play.receive(spec, n)
        if outcome == "withdrawn":
            await handling.withdraw_complaint(
                play.at(1), handling.ReturnComplaint(play.cid, "企业已自行解决")
            )
        if outcome in ("received", "withdrawn"):
            continue
        if outcome == "returned_redispatched":
            await play.dispatch("DY.DYQ")
            await handling.return_complaint(
                play.at(0.5), handling.ReturnComplaint(play.cid, "不属于本区职责")
            )
            await play.dispatch(unit, 0.7)
            outcome = "closed"
        else:
            await play.dispatch(unit)
        if outcome == "escalated_dispatched":
            await escalation.escalate_complaint(
                play.at(24), followup.EscalateComplaint(play.cid, "超时未联系企业")
            )
        if not outcome.startswith(("dispatched", "escalated_dispatched")):
            await _handle(play, unit, outcome)
