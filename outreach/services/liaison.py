"""Writes to the religious-liaison registers: religious figures, joint visits, and the audited
reveal of a masked contact number (any register's)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from community.audit import AuditAction, log_action

from ..models import JointVisit, ReligiousFigure
from .ledgers import _row, _save, raise_errors


def figure_errors(figure: ReligiousFigure, community) -> dict:
    """A figure registered as a resident takes the name and ethnicity from the registry."""
    errors = {}
    if figure.site_id and figure.site.community_id != community.pk:
        errors["site"] = _("宗教场所不属于本社区。")
    if figure.resident_id:
        if figure.resident.community_id != community.pk:
            errors["resident"] = _("所选居民不属于本社区。")
        figure.name = figure.name or figure.resident.name
        figure.ethnicity_id = figure.resident.ethnicity_id
    elif not (figure.name or "").strip():
        errors["name"] = _("请填写姓名，或搜索选择居民库中的本人。")
    if figure.left_on and figure.since and figure.left_on < figure.since:
        errors["left_on"] = _("离任日期不能早于任职日期。")
    return errors


@transaction.atomic
def figure_save(
    *, community, actor, figure: ReligiousFigure | None = None, edit_token=None, **fields
) -> ReligiousFigure:
    """Record a religious figure of one of the community's sites."""
    figure = _row(ReligiousFigure, figure, community=community, fields=fields)
    raise_errors(figure_errors(figure, community))
    return _save(
        figure,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_RELIGIOUS_FIGURE_CREATE, AuditAction.OUTREACH_RELIGIOUS_FIGURE_UPDATE),
        edit_token=edit_token,
    )


def joint_visit_errors(visit: JointVisit, community, *, staff, figures, households) -> dict:
    errors = {}
    if visit.site_id and visit.site.community_id != community.pk:
        errors["site"] = _("宗教场所不属于本社区。")
    if visit.date and visit.date > date.today():
        errors["date"] = _("走访日期不能晚于今天。")
    if not staff:
        errors["staff"] = _("请选择参加走访的社区工作人员。")
    if any(f.site_id != visit.site_id for f in figures):
        errors["figures"] = _("场所参加人员须是该宗教场所的宗教人士。")
    if any(h.community_id != community.pk for h in households):
        errors["households"] = _("走访户不属于本社区。")
    if visit.follow_up_done_on and visit.date and visit.follow_up_done_on < visit.date:
        errors["follow_up_done_on"] = _("跟进办结日期不能早于走访日期。")
    return errors


@transaction.atomic
def joint_visit_save(
    *,
    community,
    actor,
    visit: JointVisit | None = None,
    edit_token=None,
    staff=(),
    figures=(),
    households=(),
    **fields,
) -> JointVisit:
    """Record a joint visit with a religious site: our staff, the site's people, the households visited."""
    visit = _row(JointVisit, visit, community=community, fields=fields)
    raise_errors(joint_visit_errors(visit, community, staff=staff, figures=figures, households=households))
    return _save(
        visit,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_JOINT_VISIT_CREATE, AuditAction.OUTREACH_JOINT_VISIT_UPDATE),
        m2m={"staff": staff, "figures": figures, "households": households},
        data={"site": visit.site_id, "households": len(households)},
        edit_token=edit_token,
        token_m2m=("staff", "figures"),  # the m2m fields of its form (the households come from a picker)
    )


def contact_reveal(*, record, field: str, actor) -> str:
    """Return a masked contact number of a stored ``record`` (a site, a figure, a shop…) in full and audit
    who read whose number."""
    log_action(
        AuditAction.OUTREACH_CONTACT_REVEAL,
        user=actor,
        community=record.community,
        obj=record,
        data={"field": field},
    )
    return getattr(record, field)
