"""Every error code the service answers with, once: the wire value, and what it means in Chinese and English.

A code reaches a client three ways, always as the member's name: a payload's `userErrors[].code` (the
GraphQL enum `ErrorCode`), a GraphQL error's `extensions.code`, and the JSON body of a request refused
before GraphQL runs (HTTP middleware, `/readyz`, `/healthz`). Raise sites name a member
(`UserError(ErrorCode.REQUIRED, ...)`), never a string, so a code cannot be misspelt or left out of the
schema; `tests/schema/test_error_codes.py` scans the code for any that is.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ErrorCode"]


class ErrorCode(StrEnum):
    """A stable error code; its value is its name (what goes on the wire), `description` says what it means.

    A str, so JSON encoders and comparisons with the wire strings (`code == "FORBIDDEN"`) just work.
    """

    description: str

    def __new__(cls, value: str, description: str) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    # The request as a whole (HTTP, before or around GraphQL)
    UNAUTHENTICATED = "UNAUTHENTICATED", "需要有效的访问令牌 (a valid bearer token is required)"
    FORBIDDEN = "FORBIDDEN", "无权执行此操作或查看此数据 (the caller's role or unit may not do this)"
    RATE_LIMITED = (
        "RATE_LIMITED",
        "请求过于频繁，按 retryAfter 秒后重试 (rate limited; retry after retryAfter s)",
    )
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE", "请求体过大 (request body over DUBAN_MAX_BODY_BYTES)"
    HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE", "请求头过大 (request headers over DUBAN_MAX_HEADER_BYTES)"
    BATCH_TOO_LARGE = (
        "BATCH_TOO_LARGE",
        "批量请求的操作过多 (more operations in one batch than DUBAN_MAX_BATCH)",
    )
    INVALID_JSON = "INVALID_JSON", "请求体不是有效的 JSON (the body is not valid JSON)"
    BAD_REQUEST = "BAD_REQUEST", "请求格式无效 (malformed request: wrong shape or field types)"
    UNSUPPORTED_CONTENT_TYPE = (
        "UNSUPPORTED_CONTENT_TYPE",
        "请求体须为 application/json (the body must be sent as application/json)",
    )
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED", "该路径不接受此 HTTP 方法 (HTTP method not allowed here)"
    NOT_ACCEPTABLE = (
        "NOT_ACCEPTABLE",
        "无法以 Accept 所列的媒体类型应答 (none of the Accept header's media types can be served)",
    )
    NOT_FOUND = (
        "NOT_FOUND",
        "未找到：对象不存在或无权查看，或路径不存在 (no such object or path, or not visible)",
    )
    DATABASE_UNAVAILABLE = (
        "DATABASE_UNAVAILABLE",
        "数据库暂不可用，稍后重试 (database unreachable; retry after Retry-After)",
    )
    DATABASE_BUSY = (
        "DATABASE_BUSY",
        "数据库正忙于其他写入，稍后重试 (database busy with another writer; retry)",
    )
    MIGRATIONS_PENDING = (
        "MIGRATIONS_PENDING",
        "数据库结构未迁移到当前版本 (/readyz: database migrations pending)",
    )
    INTERNAL_ERROR = (
        "INTERNAL_ERROR",
        "服务内部错误，凭 requestId 查日志 (the service's own defect; see requestId)",
    )

    # The GraphQL document and its arguments
    GRAPHQL_VALIDATION_FAILED = (
        "GRAPHQL_VALIDATION_FAILED",
        "查询不符合模式 (the document does not validate against the schema)",
    )
    BAD_USER_INPUT = "BAD_USER_INPUT", "输入值无效 (an argument or variable value is not acceptable)"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP", "查询嵌套过深 (query nested deeper than DUBAN_MAX_QUERY_DEPTH)"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES", "查询别名过多 (more aliases than DUBAN_MAX_ALIASES)"
    TOO_MANY_SELECTIONS = "TOO_MANY_SELECTIONS", "查询字段过多 (more selections than DUBAN_MAX_SELECTIONS)"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS", "查询过长 (more tokens than DUBAN_MAX_TOKENS)"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX", "查询过于复杂 (estimated cost over DUBAN_MAX_QUERY_COST)"
    INTROSPECTION_DISABLED = (
        "INTROSPECTION_DISABLED",
        "内省已关闭 (introspection is off: DUBAN_INTROSPECTION)",
    )
    INVALID_ID = "INVALID_ID", "全局 ID 无效或类型不符 (not a valid global id, or of another type)"
    TOO_MANY_IDS = "TOO_MANY_IDS", "一次最多 100 个 ID (at most 100 ids per nodes call)"
    INVALID_CURSOR = "INVALID_CURSOR", "分页游标无效 (not a cursor this list gave)"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE", "每页条数须在 0-100 之间 (first/last must be 0 to 100)"
    INVALID_PAGINATION = "INVALID_PAGINATION", "first 与 last 不能同时使用 (use first or last, not both)"
    TRACE_TOO_LARGE = "TRACE_TOO_LARGE", "追溯链过大 (the trace chain is over its depth or size limit)"
    INVALID_CHECKPOINT = "INVALID_CHECKPOINT", "审计检查点格式无效 (not an audit checkpoint SEQ:HASH)"
    INVALID_START = "INVALID_START", "起算时刻须带时区 (start must carry a UTC offset)"

    # Input values
    REQUIRED = "REQUIRED", "必填项为空 (a required value is missing or blank)"
    TOO_LONG = "TOO_LONG", "文本过长 (text longer than its field allows)"
    INVALID_VALUE = "INVALID_VALUE", "取值无效 (a value the field does not accept)"
    INVALID_CODE = "INVALID_CODE", "编码格式不正确 (a unit or policy code of the wrong form)"
    DUPLICATE_CODE = "DUPLICATE_CODE", "编码或序号重复 (a code that already exists or is listed twice)"
    INVALID_PHONE = "INVALID_PHONE", "电话号码格式不正确 (not a phone number)"
    INVALID_URL = (
        "INVALID_URL",
        "推送地址须为不含用户名密码的 http(s) 地址 (webhook must be a plain http(s) URL)",
    )
    FORBIDDEN_ADDRESS = (
        "FORBIDDEN_ADDRESS",
        "推送地址不得指向本机或内网 (webhook must not point inside the network)",
    )
    INVALID_CREDIT_CODE = (
        "INVALID_CREDIT_CODE",
        "统一社会信用代码无效 (not a valid unified social credit code)",
    )
    DUPLICATE_CREDIT_CODE = (
        "DUPLICATE_CREDIT_CODE",
        "该信用代码的企业已存在 (an enterprise with this credit code exists)",
    )
    INVALID_AMOUNT = "INVALID_AMOUNT", "时限数量超出范围 (a time-limit amount out of range)"
    INVALID_YEAR = "INVALID_YEAR", "年份超出范围 (year out of the supported range)"
    INVALID_PERIOD = "INVALID_PERIOD", "期间无效：结束早于开始 (a period that ends before it starts)"
    INVALID_DATES = "INVALID_DATES", "日期无效：结束早于开始或晚于今天 (dates out of order, or in the future)"
    INVALID_DUE = "INVALID_DUE", "申请的期限须晚于当前办结期限 (requested due time not after the current one)"
    INVALID_DUE_DATE = (
        "INVALID_DUE_DATE",
        "期限无效：已过去或早于应有日期 (a deadline in the past or too early)",
    )
    INVALID_TIME = "INVALID_TIME", "时间无效：晚于当前时间 (a time in the future)"
    INVALID_PERCENT = "INVALID_PERCENT", "进度须在 0 到 100 之间 (percent must be 0 to 100)"
    INVALID_CITED = "INVALID_CITED", "引用数据须为 JSON 对象 (cited must be a JSON object)"
    UNKNOWN_UNIT = "UNKNOWN_UNIT", "单位不存在 (no such unit)"
    UNIT_REQUIRED = "UNIT_REQUIRED", "承办单位操作员令牌须指定单位 (a UNIT_OPERATOR token needs a unit)"
    CYCLE = "CYCLE", "单位不能成为自己的下级 (a unit cannot become its own ancestor)"
    STALE_VERSION = (
        "STALE_VERSION",
        "记录已被他人修改，请刷新后重试 (expectedVersion is stale; reload and retry)",
    )
    UNKNOWN_JOB = "UNKNOWN_JOB", "没有该名称的定时任务 (no scheduled job by that name)"

    # Business rules
    INVALID_TRANSITION = (
        "INVALID_TRANSITION",
        "当前状态不允许该操作 (not allowed in the record's current status)",
    )
    REASON_REQUIRED = "REASON_REQUIRED", "该操作须说明理由 (this action needs a reason)"
    ALREADY_ACKNOWLEDGED = "ALREADY_ACKNOWLEDGED", "该提醒已确认 (the digest is already acknowledged)"
    ALREADY_COMPLETED = "ALREADY_COMPLETED", "时间节点已完成 (the milestone is already completed)"
    ALREADY_DECIDED = "ALREADY_DECIDED", "该延期申请已审批 (the extension request is already decided)"
    ALREADY_ESCALATED = "ALREADY_ESCALATED", "该诉求已提级督办 (the complaint is already escalated)"
    EXTENSION_PENDING = "EXTENSION_PENDING", "已有待审批的延期申请 (an extension request is pending)"
    NOT_DISPATCHED = "NOT_DISPATCHED", "诉求尚未派单 (the complaint has no handling unit yet)"
    NOT_RESPONSIBLE_UNIT = (
        "NOT_RESPONSIBLE_UNIT",
        "该单位不是任务的牵头或责任单位 (not a responsible unit of the task)",
    )
    PARENT_NOT_IN_PLAN = "PARENT_NOT_IN_PLAN", "上级任务不属于该方案 (the parent task is in another plan)"
    DUPLICATE_DOC_NUMBER = "DUPLICATE_DOC_NUMBER", "文号已存在 (the document number exists)"
    ENTERPRISE_REQUIRED = (
        "ENTERPRISE_REQUIRED",
        "涉企诉求须指定企业 (an enterprise complaint names its enterprise)",
    )
    UNKNOWN_ENTERPRISE = "UNKNOWN_ENTERPRISE", "企业不存在 (no such enterprise)"
    UNKNOWN_POLICY = "UNKNOWN_POLICY", "时限规则不存在 (no such SLA policy)"
    SANCTION_REQUIRED = "SANCTION_REQUIRED", "须给出处分、问责或处理措施之一 (name a sanction or measure)"
    FORM_MISMATCH = "FORM_MISMATCH", "处分与运用形态不符 (the sanction does not fit the form)"
    EXEMPTION_REASON_REQUIRED = (
        "EXEMPTION_REASON_REQUIRED",
        "容错免责须记录理由 (an exemption needs a reason)",
    )
    INVALID_DISPOSAL = "INVALID_DISPOSAL", "该处置方式不适用，立案请用 fileCase (use fileCase to file a case)"

    # The working calendar (工作日历)
    DATE_OUTSIDE_YEAR = "DATE_OUTSIDE_YEAR", "日期不在该年内 (a date outside the year)"
    DUPLICATE_DATE = "DUPLICATE_DATE", "日期重复 (a date listed twice)"
    MAKEUP_NOT_ON_WEEKEND = (
        "MAKEUP_NOT_ON_WEEKEND",
        "调休上班日须为周六或周日 (a make-up working day falls on a weekend)",
    )
    EMPTY_SCHEDULE = "EMPTY_SCHEDULE", "日程不能为空 (a year's schedule lists its holidays)"

    # Importing a ledger file (台账导入), per file or per row and cell
    INVALID_FILE = "INVALID_FILE", "文件无法读取 (an unreadable XLSX or CSV file)"
    FILE_TOO_LARGE = "FILE_TOO_LARGE", "文件内容过大 (content over DUBAN_IMPORT_MAX_UNZIPPED_BYTES)"
    COMPRESSION_TOO_HIGH = (
        "COMPRESSION_TOO_HIGH",
        "压缩比过高 (compression ratio over DUBAN_IMPORT_MAX_ZIP_RATIO)",
    )
    EMPTY_FILE = "EMPTY_FILE", "文件为空 (the file has no rows)"
    MISSING_COLUMN = "MISSING_COLUMN", "缺少必需的列 (a required column is missing)"
    TOO_MANY_ROWS = "TOO_MANY_ROWS", "数据行过多 (more data rows than DUBAN_IMPORT_MAX_ROWS)"
    TOO_MANY_COLUMNS = "TOO_MANY_COLUMNS", "列过多 (more columns than DUBAN_IMPORT_MAX_COLUMNS)"
    INVALID_DATE = "INVALID_DATE", "无法识别的日期 (a date cell not understood)"
    INVALID_CATEGORY = "INVALID_CATEGORY", "无法识别的任务类别 (a task category not understood)"
    INVALID_ORIGIN = "INVALID_ORIGIN", "无法识别的任务来源 (a task origin not understood)"
    INVALID_TARGET = "INVALID_TARGET", "无法识别的目标指标 (a target not understood)"
    RECURRING_DEADLINE = (
        "RECURRING_DEADLINE",
        "周期性时限不能作为完成时限 (a recurring deadline; add milestones)",
    )
    NUMERIC_CODE = "NUMERIC_CODE", "序号是数字单元格，1.10 与 1.1 无法区分 (a row code typed as a number)"
    UNKNOWN_PARENT = "UNKNOWN_PARENT", "上级序号不存在 (no row with the parent code)"
    VAGUE_UNIT = "VAGUE_UNIT", "不是单位名称，请逐一写出 (a collective phrase, not a unit name)"
    AMBIGUOUS_UNIT = "AMBIGUOUS_UNIT", "单位名称对应多个单位，请写全称 (a unit name matching several units)"
