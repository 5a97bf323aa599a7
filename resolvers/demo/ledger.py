"""Demo ledger: Dongying's 2024-2025 action plan (seed 000) and Feixian's plan 费政办字〔2023〕34号 (seed 003)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from models.plan import Plan
from models.task import ReportingCadence, Task
from models.task import TaskCategory as C
from models.task import TaskOrigin as O
from models.unit import UnitKind, UnitLevel
from resolvers.access import Scope
from resolvers.ledger import actions
from resolvers.ledger import transitions as t
from resolvers.units.actions import CreateUnit, create_unit

__all__ = ["seed"]

P, L = O.PROVINCIAL_REQUIREMENT, O.LOCAL_INNOVATION
# code, title, category, origin, lead units, co units, due (days from now; None = 长期坚持), target
DONGYING = [
    ("1", "深入推进“一件事一次办”", C.GOVERNMENT_SERVICE, P, ["DY.SPJ"], ["DY.DYQ", "DY.KLQ"], 120, None),
    ("1.1", "落实省定推广的100个“一件事”服务场景", C.GOVERNMENT_SERVICE, P, ["DY.SPJ"], [], -20, None),
    (
        "1.2",
        "率先推出“社会组织登记一类事”等8个特色场景",
        C.GOVERNMENT_SERVICE,
        L,
        ["DY.SPJ"],
        ["DY.KFQ"],
        60,
        None,
    ),
    ("2", "提升实际网办率", C.GOVERNMENT_SERVICE, P, ["DY.SPJ"], ["DY.DYQ"], 200, ("实际网办率", 80.0, "%")),
    ("3", "全面实施市场准入负面清单制度", C.MARKET, P, ["DY.FGW"], ["DY.SJJ"], None, None),
    ("4", "建立信用修复初审“一个工作日清零”机制", C.MARKET, L, ["DY.SJJ"], [], -45, None),
    ("5", "推动“枫桥式”税务所建设", C.MARKET, P, ["DY.SWJ"], ["DY.GRX"], 90, None),
    ("6", "强化用地供应保障", C.FACTORS, P, ["DY.ZRJ"], ["DY.KFQ", "DY.GKQ"], -10, None),
    ("7", "完善企业用工服务体系", C.FACTORS, P, ["DY.RSJ"], ["DY.DYQ.XD"], 150, ("服务企业", 1500.0, "家")),
    ("8", "深化通关模式改革", C.OPENNESS, P, ["DY.GKQ"], ["DY.SWJ"], 240, None),
    ("9", "发挥综合保税区平台优势", C.OPENNESS, L, ["DY.KFQ"], [], 300, None),
    ("10", "落实企业诉求“2110”接诉即办机制", C.SOCIAL, L, ["DY.RX"], ["DY.DCS"], None, None),
    ("11", "全领域推进“无证明城市”建设", C.SOCIAL, P, ["DY.SFJ"], ["DY.SPJ", "DY.LJX"], -60, None),
    ("12", "推进营商环境立法", C.RULE_OF_LAW, P, ["DY.SFJ"], [], 365, None),
    ("13", "推广“政企行”阳光执法监督平台", C.RULE_OF_LAW, L, ["DY.SFJ"], ["DY.SJJ", "DY.HKQ"], 30, None),
]
# 月调度 (reported monthly): task 3 never reports, so the overdue job flags it REPORT_MISSING. It is
# dated back to the plan's issue so that it existed through the last completed month.
MONTHLY = {"3", "10"}
FEIXIAN_UNITS = [
    ("FX", "费县人民政府", "费县", UnitKind.GOVERNMENT, None),
    ("FX.YZB", "费县优化营商环境工作专班办公室", "县营转办", UnitKind.SUPERVISION_OFFICE, "FX"),
    ("FX.SPJ", "费县行政审批服务局", "县行政审批服务局", UnitKind.DEPARTMENT, "FX"),
    ("FX.FGJ", "费县发展和改革局", "县发改局", UnitKind.DEPARTMENT, "FX"),
    ("FX.SJJ", "费县市场监督管理局", "县市场监管局", UnitKind.DEPARTMENT, "FX"),
]
FEIXIAN = [
    ("1", "建立健全市场主体库", ["FX.YZB"], ["FX.FGJ", "FX.SJJ"]),
    ("2", "优化提升惠企政策库", ["FX.SPJ"], ["FX.FGJ"]),
    ("2.1", "全量梳理惠企政策", ["FX.SPJ"], ["FX.FGJ", "FX.SJJ"]),
    ("2.2", "快速兑现惠企政策（免申即享）", ["FX.SPJ"], ["FX.FGJ"]),
    ("3", "建设市场主体诉求办理库", ["FX.YZB"], ["FX.SPJ", "FX.SJJ"]),
]


async def _dongying(scope: Scope) -> None:
    today = scope.now().date()
    plan = await actions.create_plan(
        scope,
        actions.CreatePlan(
            "东营市营商环境创新提升行动计划（2024-2025年）",
            "东政办字〔2024〕8号",
            "DY",
            date(2024, 3, 15),
            date(2024, 1, 1),
            date(2025, 12, 31),
        ),
    )
    ids: dict[str, int] = {}
    for code, title, category, origin, lead, co, due, target in DONGYING:
        indicator, value, unit = target or (None, None, None)
        task = await actions.create_task(
            scope,
            actions.CreateTask(
                plan.id,
                title,
                category,
                lead,
                co,
                parent_id=ids.get(code.rsplit(".", 1)[0]) if "." in code else None,
                code=code,
                origin=origin,
                responsible_leader="张作霞",
                due_on=today + timedelta(days=due) if due is not None else None,
                target_indicator=indicator,
                target_value=value,
                target_unit=unit,
                reporting_cadence=ReportingCadence.MONTHLY if code in MONTHLY else ReportingCadence.NONE,
            ),
        )
        if code in MONTHLY:
            await Task.filter(id=task.id).update(created_at=datetime(2024, 3, 15, tzinfo=UTC))
        ids[code] = task.id
        await _work(scope, task.id, code, today)


async def _work(scope: Scope, task_id: int, code: str, today: date) -> None:
    """Milestones, progress and closure, varied by task, so lists and filters have something to show."""
    n = int(code.split(".")[0])
    await actions.add_milestone(
        scope, actions.AddMilestone(task_id, "制定实施方案", today - timedelta(days=30))
    )
    await actions.add_milestone(
        scope, actions.AddMilestone(task_id, "阶段性评估", today + timedelta(days=15 * n))
    )
    if n % 4 == 3:
        return
    await t.report_progress(scope, t.ReportProgress(task_id, "已制定实施方案，召开推进会议", 30 + 5 * n % 60))
    if n % 4 == 0:
        await t.complete_task(scope, t.CompleteTask(task_id, "各项任务已按期完成，形成长效机制"))
    if n % 8 == 0:
        await t.verify_task(scope, t.VerifyTask(task_id, True))


async def _feixian(scope: Scope) -> Plan:
    for code, name, short, kind, parent in FEIXIAN_UNITS:
        level = UnitLevel.COUNTY
        await create_unit(scope, CreateUnit(code, name, kind, level, short, parent))
    plan = await actions.create_plan(
        scope,
        actions.CreatePlan(
            "费县优化营商环境“书记攻坚项目”暨“惠企精准服务、政策直达快享”工作方案",
            "费政办字〔2023〕34号",
            "FX",
            date(2023, 5, 10),
            date(2023, 5, 10),
            date(2023, 12, 31),
        ),
    )
    ids: dict[str, int] = {}
    for code, title, lead, co in FEIXIAN:
        parent = ids.get(code.rsplit(".", 1)[0]) if "." in code else None
        task = await actions.create_task(
            scope,
            actions.CreateTask(
                plan.id,
                title,
                C.MARKET,
                lead,
                co,
                parent_id=parent,
                code=code,
                origin=O.LEADER_INSTRUCTION,
                due_on=date(2023, 12, 31),
            ),
        )
        ids[code] = task.id
        await t.report_progress(scope, t.ReportProgress(task.id, "已完成并开展实施效果评价", 100))
        await t.complete_task(scope, t.CompleteTask(task.id, "县营转办组织实施效果评价，企业满意度较高"))
    return plan


async def seed(scope: Scope) -> None:
    await _dongying(scope)
    await _feixian(scope)
