"""好差评: the `ComplaintRating` type, rating and rectification mutations, and the `ratingStats` figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models.rating import ComplaintRating as RatingRow
from models.rating import is_bad
from resolvers.complaints import rating_stats, ratings
from resolvers.complaints.loaders import load_complaints
from resolvers.units.loaders import load_units
from schema.commands import command, node_id
from schema.complaints.inputs import COMPLAINT_ID, VERSION
from schema.context import Info
from schema.errors import UserError, mutate
from schema.node import Node, encode_id, register_node
from schema.units.types import Unit

if TYPE_CHECKING:
    from schema.complaints.types import Complaint

__all__ = [
    "ComplaintRating",
    "ComplaintRatingPayload",
    "RatingMutation",
    "RatingQuery",
    "RatingStats",
]

RATING_ID = "评价 ID (the rating's global id)"


@strawberry.type(
    description="好差评 (an enterprise's rating of how its complaint was handled; a 差评 is verified within 1 "
    "working day and rectified within 5, or 15 when complex, all counted from the rating: 1、5、15)"
)
class ComplaintRating(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, RatingRow)

    @strawberry.field(description="全局 ID (global id)")  # type: ignore[misc]
    def id(self: RatingRow) -> strawberry.ID:  # type: ignore[override]
        return encode_id("ComplaintRating", self.id)

    @strawberry.field(description="所评诉求 (the complaint rated)")
    async def complaint(
        self: RatingRow, info: Info
    ) -> Annotated[Complaint, strawberry.lazy("schema.complaints.types")]:
        return await info.context.loaders(load_complaints).load(self.complaint_id)  # type: ignore[attr-defined]

    @strawberry.field(description="被评单位 (the unit that handled it when rated)")
    async def unit(self: RatingRow, info: Info) -> Unit:
        return await info.context.loaders(load_units).load(self.unit_id)  # type: ignore[attr-defined]

    score: int = strawberry.field(
        description="评分 (1-5: 5 非常满意, 4 满意, 3 基本满意 are 好评; 2 不满意, 1 非常不满意 are 差评)"
    )

    @strawberry.field(description="是否差评 (a 差评: score 1 or 2)")
    def is_bad(self: RatingRow) -> bool:
        return is_bad(self.score)

    comment: str | None = strawberry.field(description="评价内容 (the enterprise's words)")
    rated_at: datetime = strawberry.field(description="评价时间 (rated at)")
    rated_by: str = strawberry.field(description="记录人 (recorded by)")
    verify_due_at: datetime | None = strawberry.field(
        description="核实期限 (差评: verify with the enterprise by; 1 working day from the rating)"
    )
    verified_at: datetime | None = strawberry.field(description="核实时间 (verified at)")
    verify_in_time: bool | None = strawberry.field(
        description="是否按时核实 (verified in time; null until verified)"
    )
    verification_note: str | None = strawberry.field(description="核实情况 (what the verification found)")
    is_complex: bool | None = strawberry.field(
        description="情况是否复杂 (complex: 15 working days to rectify, else 5; null until verified)"
    )
    rectify_due_at: datetime | None = strawberry.field(
        description="整改期限 (差评: rectify by; 5 working days from the rating, 15 once verified complex)"
    )
    rectified_at: datetime | None = strawberry.field(description="整改时间 (rectified at)")
    rectify_in_time: bool | None = strawberry.field(
        description="是否按期整改 (rectified by the deadline; null until rectified)"
    )
    rectification_note: str | None = strawberry.field(description="整改情况 (what was put right)")
    deadline_provisional: bool = strawberry.field(
        description="期限是否暂定 (deadline provisional: a year's calendar was not loaded)"
    )

    @strawberry.field(
        description="是否逾期 (差评: verification or rectification unmet past its deadline, now)"
    )
    def is_overdue(self: RatingRow, info: Info) -> bool:
        now = info.context.scope.now()
        late_verify = self.verified_at is None and self.verify_due_at is not None and now > self.verify_due_at
        late_fix = self.rectified_at is None and self.rectify_due_at is not None and now > self.rectify_due_at
        return late_verify or late_fix

    version: int = strawberry.field(description="版本号 (version, for expectedVersion)")


register_node("ComplaintRating", ratings.load_ratings)


@strawberry.input(
    description="好差评 (record the enterprise's rating of a resolved complaint; once per complaint)"
)
class RateComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    score: int = strawberry.field(description="评分 (1-5; 1 and 2 are 差评 and open a rectification)")
    comment: str | None = strawberry.field(default=None, description="评价内容 (the enterprise's words)")


@strawberry.input(description="差评核实 (the unit verified the 差评 with the enterprise)")
class VerifyRatingInput:
    rating_id: strawberry.ID = node_id("ComplaintRating", description=RATING_ID)
    is_complex: bool = strawberry.field(
        description="情况是否复杂 (complex: 15 working days to rectify, else 5)"
    )
    note: str = strawberry.field(description="核实情况 (what the verification found)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="差评整改 (the unit put the 差评 right)")
class RectifyRatingInput:
    rating_id: strawberry.ID = node_id("ComplaintRating", description=RATING_ID)
    note: str = strawberry.field(description="整改情况 (what was put right)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="好差评结果 (result of a rating mutation)")
class ComplaintRatingPayload:
    rating: ComplaintRating | None = strawberry.field(description="评价 (null when refused)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (why it was refused; empty on success)"
    )


@strawberry.type(description="好差评指标 (rating figures of a period)")
class RatingStats:
    from_: date = strawberry.field(name="from", description="起始日期 (first day, Asia/Shanghai)")
    to: date = strawberry.field(description="截止日期 (last day, inclusive)")
    rated: int = strawberry.field(description="评价数 (ratings made in the period)")
    good: int = strawberry.field(description="好评数 (of those, scores 3-5)")
    bad: int = strawberry.field(description="差评数 (of those, scores 1-2)")
    good_rate: float | None = strawberry.field(
        description="好评率 (good ÷ rated, 4 decimals; null without a rating)"
    )
    bad_due: int = strawberry.field(
        description="应整改差评数 (差评 whose rectification deadline fell in the period and has passed, or rectified in it)"
    )
    rectified_in_time: int = strawberry.field(description="按期整改数 (of those, rectified by the deadline)")
    rectified_on_time_rate: float | None = strawberry.field(
        description="差评按期整改率 (rectifiedInTime ÷ badDue, 4 decimals; null when nothing was due)"
    )

    @classmethod
    def of(cls, f: rating_stats.RatingFigures) -> RatingStats:
        return cls(
            from_=f.start_day,
            to=f.end_day,
            rated=f.rated,
            good=f.good,
            bad=f.bad,
            good_rate=f.good_rate,
            bad_due=f.bad_due,
            rectified_in_time=f.rectified_in_time,
            rectified_on_time_rate=f.rectified_on_time_rate,
        )


@strawberry.type
class RatingQuery:
    @strawberry.field(
        description="好差评指标 (好评率 and 差评按期整改率 of a unit's subtree or every unit seen)"
    )
    async def rating_stats(
        self,
        info: Info,
        from_: Annotated[
            date, strawberry.argument(name="from", description="起始日期 (first day, Asia/Shanghai)")
        ],
        to: Annotated[date, strawberry.argument(description="截止日期 (last day, inclusive)")],
        unit_code: Annotated[
            str | None,
            strawberry.argument(description="单位编码 (a unit; omitted: every unit the caller sees)"),
        ] = None,
        include_descendants: Annotated[
            bool, strawberry.argument(description="含下级单位 (include the unit's descendants)")
        ] = True,
    ) -> RatingStats:
        scope = info.context.scope
        figures = await rating_stats.rating_figures(
            scope.actor, scope.now(), from_, to, unit_code, include_descendants
        )
        return RatingStats.of(figures)


async def _rating(info: Info, action: Any, input: object, command_type: type) -> ComplaintRatingPayload:
    cmd: Any = command(input, command_type)
    return await mutate(ComplaintRatingPayload, "rating", info.context.scope, action, cmd)


@strawberry.type
class RatingMutation:
    @strawberry.mutation(description="好差评 (record a rating of a resolved complaint; HOTLINE, ADMIN)")
    async def rate_complaint(self, info: Info, input: RateComplaintInput) -> ComplaintRatingPayload:
        return await _rating(info, ratings.rate_complaint, input, ratings.RateComplaint)

    @strawberry.mutation(description="差评核实 (verify a 差评 within 1 working day; the handling unit)")
    async def verify_rating(self, info: Info, input: VerifyRatingInput) -> ComplaintRatingPayload:
        return await _rating(info, ratings.verify_rating, input, ratings.VerifyRating)

    @strawberry.mutation(
        description="差评整改 (rectify a 差评 within 5 or 15 working days; the handling unit)"
    )
    async def rectify_rating(self, info: Info, input: RectifyRatingInput) -> ComplaintRatingPayload:
        return await _rating(info, ratings.rectify_rating, input, ratings.RectifyRating)
