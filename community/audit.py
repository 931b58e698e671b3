"""Writing the audit trail, and reading it in Chinese.

Call ``log_action`` inside the transaction of the change it records. Every row says who (user, role), to
what (object), from where (client address, :func:`client_ip`) and in which request (request id). Writes
that happen below a request without being handed it — the signals of the admin's account and role
changes, for instance — find the request through :func:`current_request`. :class:`AuditAction` names every
action in Chinese and ``KINDS`` groups them (导出, 下载, 导入, …) for the auditor's filter; ``describe`` says what
an entry was about when it has no object (the file, the ledger, the number of rows).
"""

import ipaddress
import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ledger_versions import ledger_changed
from .models import AuditLog, Role
from .request_context import bind_request, current_request, unbind_request  # noqa: F401  (the audit's API)


#: The vocabulary of the audit trail: every action the portal writes, with its Chinese name (zulip's
#: ``AuditLogEventType``). Every ``log_action`` call names a member (``AuditAction.RESIDENT_CREATE``); it
#: refuses any other code, so a new action is named the day it is written. ``KINDS`` groups members.
class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOGIN_FAILED = "login.failed", _("登录失败")
    LOGIN_LOCKOUT = "login.lockout", _("账号锁定")
    TWO_FACTOR_ENABLE = "2fa.enable", _("启用两步验证")
    TWO_FACTOR_DISABLE = "2fa.disable", _("停用两步验证")
    TWO_FACTOR_VERIFY = "2fa.verify", _("两步验证通过")
    TWO_FACTOR_FAILED = "2fa.failed", _("两步验证失败")
    TWO_FACTOR_REBIND = "2fa.rebind", _("两步验证更换手机")
    ACCOUNT_CREATE = "account.create", _("新建账号")
    ACCOUNT_CHANGE = "account.change", _("修改账号（启用/停用、管理权限、登录名）")
    ACCOUNT_PASSWORD_CHANGE = "account.password_change", _("本人修改密码")
    ACCOUNT_PASSWORD_RESET = "account.password_reset", _("管理员设置密码")
    ACCOUNT_DELETE = "account.delete", _("删除账号")
    ROLE_GRANT = "role.grant", _("授予角色")
    ROLE_CHANGE = "role.change", _("变更角色")
    ROLE_REVOKE = "role.revoke", _("撤销角色")
    AUDIT_EXPORT = "audit.export", _("导出审计日志")
    COMMUNITY_PROFILE = "community.profile", _("修改社区概况")
    GRID_CREATE = "grid.create", _("新建网格层级")
    GRID_UPDATE = "grid.update", _("修改网格层级")
    RESIDENT_CREATE = "resident.create", _("登记居民")
    RESIDENT_UPDATE = "resident.update", _("修改居民信息")
    RESIDENT_STATUS = "resident.status", _("变更居民状态（迁出、死亡等）")
    RESIDENT_REVEAL_ID = "resident.reveal_id", _("查看完整身份证号")
    RESIDENT_SEARCH_ID = "resident.search_id", _("按身份证号查询")
    RESIDENT_VIEW = "resident.view", _("查看居民")
    RESIDENT_VIEW_RESTRICTED = "resident.view_restricted", _("查看社区矫正/帮教信息")
    RESIDENT_IMPORT = "resident.import", _("导入居民表")
    HOUSEHOLD_CREATE = "household.create", _("登记户")
    LEDGER_EXPORT = "ledger.export", _("导出台帐")
    LEDGER_DOWNLOAD = "ledger.download", _("下载导出文件")
    TRANSFER_QUEUE = "transfer.queue", _("提交导入/导出任务")
    TRANSFER_REFUSED_DOWNLOAD = "transfer.refused_download", _("下载被拒绝的行")
    WELFARE_CREATE = "welfare.create", _("登记救助案件")
    WELFARE_UPDATE = "welfare.update", _("修改救助案件")
    WELFARE_STATUS = "welfare.status", _("救助案件办理（提交审核、批准、不予批准、终止）")
    WELFARE_ATTACH = "welfare.attach", _("上传救助附件")
    WELFARE_ATTACHMENT_DOWNLOAD = "welfare.attachment_download", _("下载救助附件")
    WELFARE_IMPORT = "welfare.import", _("导入救助表")
    WELFARE_TYPE_CREATE = "welfare.type_create", _("新增救助类型")
    WELFARE_REVIEW_FLAG = "welfare.review_flag", _("救助案件标记待复审（居民迁出或死亡）")
    OUTREACH_EVENT_CREATE = "outreach.event.create", _("登记活动")
    OUTREACH_EVENT_UPDATE = "outreach.event.update", _("修改活动")
    OUTREACH_PROPAGANDA_CREATE = "outreach.propaganda.create", _("登记宣传品")
    OUTREACH_PROPAGANDA_UPDATE = "outreach.propaganda.update", _("修改宣传品")
    OUTREACH_VISIT_CREATE = "outreach.visit.create", _("登记走访")
    OUTREACH_VISIT_UPDATE = "outreach.visit.update", _("修改走访")
    OUTREACH_AGREEMENT_CREATE = "outreach.agreement.create", _("登记帮教责任书")
    OUTREACH_AGREEMENT_UPDATE = "outreach.agreement.update", _("修改帮教责任书")
    OUTREACH_AGREEMENT_DOWNLOAD = "outreach.agreement.download", _("查看责任书文件")
    OUTREACH_AGREEMENT_VIEW_LIST = "outreach.agreement.view_list", _("查看帮教责任书列表")
    OUTREACH_CHECKLIST_VIEW_RESTRICTED = "outreach.checklist.view_restricted", _("查看帮教走访清单")
    OUTREACH_DISPUTE_CREATE = "outreach.dispute.create", _("受理矛盾纠纷")
    OUTREACH_DISPUTE_UPDATE = "outreach.dispute.update", _("调处矛盾纠纷")
    OUTREACH_ORGANISATION_CREATE = "outreach.organisation.create", _("新建组织")
    OUTREACH_ORGANISATION_UPDATE = "outreach.organisation.update", _("修改组织")
    OUTREACH_MEMBER_ADD = "outreach.member.add", _("添加组织成员")
    OUTREACH_MEMBER_REMOVE = "outreach.member.remove", _("移除组织成员")
    OUTREACH_UNIT_CREATE = "outreach.unit.create", _("登记辖区单位")
    OUTREACH_UNIT_UPDATE = "outreach.unit.update", _("修改辖区单位")
    OUTREACH_SITE_CREATE = "outreach.site.create", _("登记宗教场所")
    OUTREACH_SITE_UPDATE = "outreach.site.update", _("修改宗教场所")
    OUTREACH_RELIGIOUS_FIGURE_CREATE = "outreach.religious_figure.create", _("登记宗教人士")
    OUTREACH_RELIGIOUS_FIGURE_UPDATE = "outreach.religious_figure.update", _("修改宗教人士")
    OUTREACH_CONTACT_REVEAL = "outreach.contact.reveal", _("查看完整联系电话")
    OUTREACH_JOINT_VISIT_CREATE = "outreach.joint_visit.create", _("登记联合走访")
    OUTREACH_JOINT_VISIT_UPDATE = "outreach.joint_visit.update", _("修改联合走访")
    OUTREACH_HALAL_CREATE = "outreach.halal.create", _("登记清真食品经营单位")
    OUTREACH_HALAL_UPDATE = "outreach.halal.update", _("修改清真食品经营单位")
    OUTREACH_HALAL_INSPECTION_CREATE = "outreach.halal_inspection.create", _("登记清真食品检查")
    OUTREACH_HALAL_INSPECTION_UPDATE = "outreach.halal_inspection.update", _("修改清真食品检查")
    OUTREACH_HALAL_COMPLAINT_CREATE = "outreach.halal_complaint.create", _("登记清真食品投诉")
    OUTREACH_HALAL_COMPLAINT_UPDATE = "outreach.halal_complaint.update", _("办理清真食品投诉")
    OUTREACH_HONOUR_CREATE = "outreach.honour.create", _("登记示范创建")
    OUTREACH_HONOUR_UPDATE = "outreach.honour.update", _("修改示范创建")
    OUTREACH_COMMENDATION_CREATE = "outreach.commendation.create", _("登记先进表彰")
    OUTREACH_COMMENDATION_UPDATE = "outreach.commendation.update", _("修改先进表彰")
    OUTREACH_FACILITY_CREATE = "outreach.facility.create", _("登记阵地设施")
    OUTREACH_FACILITY_UPDATE = "outreach.facility.update", _("修改阵地设施")
    OUTREACH_PLAN_CREATE = "outreach.plan.create", _("建立年度工作计划")
    OUTREACH_PLAN_COPY = "outreach.plan.copy", _("复制上年度工作计划")
    OUTREACH_PLAN_IMPORT = "outreach.plan.import", _("导入年度工作计划")
    OUTREACH_PLAN_APPROVE = "outreach.plan.approve", _("批准年度工作计划")
    OUTREACH_PLAN_ITEM_CREATE = "outreach.plan_item.create", _("增加计划项目")
    OUTREACH_PLAN_ITEM_UPDATE = "outreach.plan_item.update", _("修改计划项目")
    OUTREACH_PLAN_ITEM_DELETE = "outreach.plan_item.delete", _("删除计划项目")
    OUTREACH_PLAN_ITEM_WITHDRAW = "outreach.plan_item.withdraw", _("取消计划项目")
    OUTREACH_FUNDING_CREATE = "outreach.funding.create", _("登记民族工作经费")
    OUTREACH_FUNDING_UPDATE = "outreach.funding.update", _("修改民族工作经费")
    OUTREACH_FUNDING_RECEIPT = "outreach.funding.receipt", _("上传经费凭证")
    OUTREACH_FUNDING_RECEIPT_DOWNLOAD = "outreach.funding.receipt_download", _("下载经费凭证")
    OUTREACH_TRAINING_CREATE = "outreach.training.create", _("登记人员培训")
    OUTREACH_TRAINING_UPDATE = "outreach.training.update", _("修改人员培训")
    OUTREACH_CREATION_ARCHIVE = "outreach.creation.archive", _("下载创建档案")
    FLOATING_ARRIVE = "floating.arrive", _("登记流动人口来住")
    FLOATING_UPDATE = "floating.update", _("修改流动人口登记")
    FLOATING_DEPART = "floating.depart", _("登记流动人口离开")
    FLOATING_SERVICE = "floating.service", _("登记流动人口服务")
    FLOATING_IMPORT = "floating.import", _("导入流动人口表")
    HARDSHIP_CREATE = "hardship.create", _("登记困难家庭")
    HARDSHIP_UPDATE = "hardship.update", _("修改困难家庭")
    HARDSHIP_END = "hardship.end", _("困难家庭销号")
    HARDSHIP_PAIR = "hardship.pair", _("落实结对帮扶")
    HARDSHIP_HELP = "hardship.help", _("登记帮扶记录")
    HARDSHIP_VISIT = "hardship.visit", _("登记帮扶走访")
    API_READ = "api.read", _("接口读取数据")
    API_TOKEN_ISSUE = "api.token_issue", _("发放接口令牌")
    API_TOKEN_REVOKE = "api.token_revoke", _("吊销接口令牌")
    LIST_EXPORT = "list.export", _("导出列表")
    REPORT_GENERATE = "report.generate", _("生成报告")
    REPORT_QUEUE = "report.queue", _("提交报告生成任务")
    REPORT_NARRATIVE = "report.narrative", _("修改报告文字")
    REPORT_SHAPE = "report.shape", _("修改报告结构")
    REPORT_DOWNLOAD = "report.download", _("下载报告")
    REPORT_DOWNLOAD_ZIP = "report.download_zip", _("打包下载各社区报告")
    REPORT_SIGNOFF = "report.signoff", _("审核签发报告")
    REPORT_SUBMIT = "report.submit", _("上报报告")
    REPORT_ACCEPT = "report.accept", _("街道接收上报的报告")
    REPORT_RETURN = "report.return", _("街道退回上报的报告")
    REPORT_DUE = "report.due", _("设置报告上报截止日期")
    INFORMATION_SUBMIT = "information.submit", _("信息报送")
    INFORMATION_ACKNOWLEDGE = "information.acknowledge", _("街道签收报送信息")
    INFORMATION_ANSWER = "information.answer", _("街道答复报送信息")
    INFORMATION_ASK = "information.ask", _("街道要求续报")
    INFORMATION_FOLLOW_UP = "information.follow_up", _("信息续报")
    INFORMATION_ATTACHMENT_DOWNLOAD = "information.attachment_download", _("下载报送信息附件")


#: Groups of actions for the auditor's filter: key → (label, action codes).
KINDS: dict[str, tuple[str, tuple[AuditAction, ...]]] = {
    "export": (
        _("导出"),
        (
            AuditAction.LEDGER_EXPORT,
            AuditAction.LIST_EXPORT,
            AuditAction.AUDIT_EXPORT,
            AuditAction.TRANSFER_QUEUE,
        ),
    ),
    "download": (
        _("下载"),
        (
            AuditAction.LEDGER_DOWNLOAD,
            AuditAction.REPORT_DOWNLOAD,
            AuditAction.REPORT_DOWNLOAD_ZIP,
            AuditAction.WELFARE_ATTACHMENT_DOWNLOAD,
            AuditAction.OUTREACH_AGREEMENT_DOWNLOAD,
            AuditAction.INFORMATION_ATTACHMENT_DOWNLOAD,
            AuditAction.TRANSFER_REFUSED_DOWNLOAD,
        ),
    ),
    "import": (
        _("导入"),
        (AuditAction.RESIDENT_IMPORT, AuditAction.WELFARE_IMPORT, AuditAction.FLOATING_IMPORT),
    ),
    "sensitive": (
        _("查看敏感信息"),
        (
            AuditAction.RESIDENT_REVEAL_ID,
            AuditAction.RESIDENT_SEARCH_ID,
            AuditAction.RESIDENT_VIEW_RESTRICTED,
            AuditAction.OUTREACH_AGREEMENT_VIEW_LIST,
            AuditAction.OUTREACH_CHECKLIST_VIEW_RESTRICTED,
            AuditAction.OUTREACH_AGREEMENT_DOWNLOAD,
        ),
    ),
    "welfare": (
        _("救助审批"),
        (
            AuditAction.WELFARE_CREATE,
            AuditAction.WELFARE_UPDATE,
            AuditAction.WELFARE_STATUS,
            AuditAction.WELFARE_REVIEW_FLAG,
        ),
    ),
    "submission": (
        _("报告签发与上报"),
        (
            AuditAction.REPORT_SIGNOFF,
            AuditAction.REPORT_SUBMIT,
            AuditAction.REPORT_ACCEPT,
            AuditAction.REPORT_RETURN,
            AuditAction.REPORT_DUE,
        ),
    ),
    "api": (_("数据接口"), (AuditAction.API_READ, AuditAction.API_TOKEN_ISSUE, AuditAction.API_TOKEN_REVOKE)),
    "account": (
        _("登录与账号"),
        (
            AuditAction.LOGIN,
            AuditAction.LOGOUT,
            AuditAction.LOGIN_FAILED,
            AuditAction.LOGIN_LOCKOUT,
            AuditAction.TWO_FACTOR_ENABLE,
            AuditAction.TWO_FACTOR_DISABLE,
            AuditAction.TWO_FACTOR_VERIFY,
            AuditAction.TWO_FACTOR_FAILED,
            AuditAction.TWO_FACTOR_REBIND,
            AuditAction.ROLE_GRANT,
            AuditAction.ROLE_CHANGE,
            AuditAction.ROLE_REVOKE,
            AuditAction.ACCOUNT_CREATE,
            AuditAction.ACCOUNT_CHANGE,
            AuditAction.ACCOUNT_PASSWORD_CHANGE,
            AuditAction.ACCOUNT_PASSWORD_RESET,
            AuditAction.ACCOUNT_DELETE,
        ),
    ),
}

#: The actions that change no ledger: sign-ins, reads, downloads, exports, queued jobs (the job's own
#: write is audited when it runs). Every other action with a community makes its dashboards stale
#: (``community.ledger_versions``).
READS: frozenset[str] = frozenset(
    {
        *KINDS["account"][1],
        *KINDS["download"][1],
        *KINDS["export"][1],
        *KINDS["sensitive"][1],
        AuditAction.RESIDENT_VIEW,
        AuditAction.OUTREACH_CONTACT_REVEAL,
        AuditAction.OUTREACH_FUNDING_RECEIPT_DOWNLOAD,
        AuditAction.OUTREACH_CREATION_ARCHIVE,
        AuditAction.API_READ,
        AuditAction.API_TOKEN_ISSUE,
        AuditAction.API_TOKEN_REVOKE,
        AuditAction.REPORT_GENERATE,
        AuditAction.REPORT_QUEUE,
    }
)

OUTCOMES: dict[str, str] = {"success": _("成功"), "failure": _("失败"), "denied": _("被拒绝")}

#: Words for the keys of ``AuditLog.data`` that say what an entry was about.
_DATA_WORDS = {
    "file": _("文件"),
    "ledger": _("台帐"),
    "list": _("列表"),
    "report": _("报告"),
    "year": _("年度"),
    "month": _("月份"),
    "street": _("街道"),
    "version": _("版本"),
    "member": _("成员"),
    "user": _("用户"),
    "step": _("办理"),
    "kind": _("类型"),
}
_COUNT_WORDS = {
    "rows": _("%(n)s 行"),
    "files": _("%(n)s 个文件"),
    "new": _("新增 %(n)s"),
    "refused": _("拒绝 %(n)s"),
}


def action_label(code: str) -> str:
    return str(AuditAction(code).label) if code in AuditAction.values else code


def outcome_label(code: str) -> str:
    return str(OUTCOMES.get(code, code))


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def describe(row: AuditLog) -> str:
    """What the entry was about: the object's name, else the file, ledger, report and counts of its data."""
    data = row.data if isinstance(row.data, dict) else {}
    parts = [row.shown_object] if row.object_repr else []  # restricted objects by record id (AuditLog)
    for key, word in _DATA_WORDS.items():
        value = data.get(key)
        if value not in (None, "", [], {}) and not isinstance(value, dict | list):
            if key == "kind":
                value = {"import": _("导入"), "export": _("导出")}.get(value, value)
            if key == "ledger":
                value = _ledger_name(value)
            parts.append(f"{word}：{value}")
    for key, template in _COUNT_WORDS.items():
        if isinstance(data.get(key), int):
            parts.append(str(template) % {"n": data[key]})
    if data.get("username") and not parts:
        parts.append(f"{_('登录名')}：{data['username']}")
    return "；".join(str(p) for p in parts)


def _ledger_name(key: str) -> str:
    """A ledger's Chinese title from the apps that declare ledgers (community imports no app)."""
    for config in apps.get_app_configs():
        names = getattr(config, "ledger_names", None)
        if names and key in names():
            return str(names()[key])
    return key


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: the one the trusted proxies saw (``TRUSTED_PROXY_COUNT``), else REMOTE_ADDR.

    Behind nginx (``TRUSTED_PROXY_COUNT=1``) every request comes from 127.0.0.1 and nginx appends the
    client's address to ``X-Forwarded-For``; with N trusted proxies the client is the N-th entry from the
    right (entries further left were written by the client and prove nothing). Without trusted proxies the
    header is ignored, so nobody can choose the address a lockout or an audit row records.
    Used by the audit trail and by django-axes (``AXES_CLIENT_IP_CALLABLE``).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return _valid_ip(hops[-count]) or remote
    return remote


def log_action(
    action: AuditAction,
    *,
    request=None,
    user=None,
    community=None,
    obj=None,
    outcome: str = "success",
    data: dict | None = None,
    restricted: bool | None = None,
    username: str = "",
) -> AuditLog:
    """Append one audit row. Never pass full ID numbers or passwords in ``data``.

    ``action`` is an :class:`AuditAction` (any other code is a programming error: ``ValueError``).

    Services never pass ``request``: the current request (bound by ``community.security.RequestIdMiddleware``
    through a context variable, :func:`current_request`) supplies the address, the request id, the role and,
    when not given, the user and community. Only code that is handed a request the middleware did not bind
    (the API's wrapped request, the login signals) passes it.
    ``username`` names an actor that is not a user (an API client: ``api:<client>``).
    The object is named by its ``str()`` — except a restricted one (``restricted=True``, or an object whose
    ``audit_restricted`` is true, e.g. a person under community correction), which is named by its record
    id only: the auditor reads who looked at such a record, not who is under correction.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}: name it in community.audit.AuditAction.")
    if request is None:
        request = current_request()
    if request is not None:
        user = user if user is not None else getattr(request, "user", None)
        community = community if community is not None else getattr(request, "community", None)
    access = getattr(request, "access", None) if request is not None else None
    # The community role, else the scope's (a street office's pages, the auditor's trail).
    role = access.role if access else (getattr(request, "role", "") if request is not None else "")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if request is not None and not hasattr(request, "request_id"):
        request.request_id = uuid.uuid4().hex
    if restricted is None:
        restricted = bool(getattr(obj, "audit_restricted", False))
    object_repr = ""
    if obj is not None:
        object_repr = f"{obj._meta.verbose_name} {obj.pk}" if restricted else str(obj)
    if restricted:
        data = {**(data or {}), "restricted": True}
    if community is not None and action not in READS:
        ledger_changed(community.pk)
    return AuditLog.objects.create(
        user=user,
        username=getattr(user, "username", "") or username,
        role=role,
        community=community,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr[:200],
        outcome=outcome,
        ip=client_ip(request) if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        data=data or {},
    )
