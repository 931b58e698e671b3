"""Where each community stands with each report of a year: 未上报 / 已上报 / 已退回 / 已接收, and overdue.

A community's state for a report and year is its latest submission's (已上报 while the street has not
answered); without one it is 未上报. Overdue: the due date has passed and nothing is waiting or accepted
(未上报 or 已退回). Reads take a fixed number of queries whatever the number of communities and versions.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from community.models import Community

from ..models import ReportArchive, Submission, SubmissionDue, SubmissionStatus

MISSING = "missing"
STATES = {  # state → (label, Bootstrap colour)
    MISSING: ("未上报", "secondary"),
    SubmissionStatus.PENDING: ("已上报", "primary"),
    SubmissionStatus.RETURNED: ("已退回", "warning"),
    SubmissionStatus.ACCEPTED: ("已接收", "success"),
}
#: The inbox's tabs, as the street office reads them.
INBOX_LABELS = {
    SubmissionStatus.PENDING: "待接收",
    SubmissionStatus.ACCEPTED: "已接收",
    SubmissionStatus.RETURNED: "已退回",
}


def report_types() -> list[tuple[str, str]]:
    """(identifier, Chinese name) of every community report that can be submitted."""
    # A real cycle: loading the registry loads the street rollup, which reads the submissions' standings.
    from ..exporters import all_exporters

    return [(cls.identifier, cls.verbose_name) for cls in all_exporters("community")]


def report_label(identifier: str) -> str:
    return dict(report_types()).get(identifier, identifier)


@dataclass
class Standing:
    community: Community
    report: str
    state: str
    submission: Submission | None  # the latest, any state
    due_on: date | None
    today: date

    @property
    def label(self) -> str:
        return STATES[self.state][0]

    @property
    def colour(self) -> str:
        return STATES[self.state][1]

    @property
    def report_label(self) -> str:
        return report_label(self.report)

    @property
    def overdue(self) -> bool:
        return bool(
            self.due_on and self.today > self.due_on and self.state in (MISSING, SubmissionStatus.RETURNED)
        )

    @property
    def done(self) -> bool:
        return self.state == SubmissionStatus.ACCEPTED


def _latest_submissions(communities_q: Q, year: int, reports: list[str]) -> dict[tuple[int, str], Submission]:
    """(community pk, report) → latest submission. One query."""
    latest = {}
    rows = (
        Submission.objects.filter(communities_q, year=year, report__in=reports)
        .select_related("archive", "archive__signed_by", "submitted_by", "decided_by")
        .order_by("community_id", "report", "-submitted_at", "-pk")
    )
    for s in rows:
        latest.setdefault((s.community_id, s.report), s)
    return latest


def street_standings(
    street, year: int, reports: list[str] | None = None, *, today: date | None = None
) -> dict[str, list[Standing]]:
    """report → one Standing per community of ``street`` (by name). Three queries."""
    today = today or date.today()
    reports = reports or [r for r, _ in report_types()]
    communities = list(Community.objects.filter(street=street).order_by("name"))
    dues = dict(
        SubmissionDue.objects.filter(street=street, year=year, report__in=reports).values_list(
            "report", "due_on"
        )
    )
    latest = _latest_submissions(Q(community__street=street), year, reports)
    return {
        report: [
            _standing(c, report, latest.get((c.pk, report)), dues.get(report), today) for c in communities
        ]
        for report in reports
    }


def community_standings(community, year: int, *, today: date | None = None) -> list[Standing]:
    """One Standing per report type of ``community`` for ``year``. Two queries."""
    today = today or date.today()
    reports = [r for r, _ in report_types()]
    dues = dict(
        SubmissionDue.objects.filter(street_id=community.street_id, year=year).values_list("report", "due_on")
    )
    latest = _latest_submissions(Q(community=community), year, reports)
    return [_standing(community, r, latest.get((community.pk, r)), dues.get(r), today) for r in reports]


def _standing(community, report, submission, due_on, today) -> Standing:
    state = submission.status if submission else MISSING
    return Standing(community, report, state, submission, due_on, today)


def street_submissions(street):
    """Every submission of the street's communities (for a detail page: scoped, else 404)."""
    return Submission.objects.filter(community__street=street).select_related(
        "archive", "archive__signed_by", "archive__created_by", "community", "submitted_by", "decided_by"
    )


def history(community, report: str, year: int):
    """Every submission of one report and year of a community, newest first (the steps, kept)."""
    return (
        Submission.objects.filter(community=community, report=report, year=year)
        .select_related("archive", "archive__signed_by", "submitted_by", "decided_by")
        .order_by("-submitted_at", "-pk")
    )


def chosen_versions(street, year: int, basis: str) -> dict[tuple[int, str], Submission]:
    """(community pk, report) → the submission whose version the street uses. One query.

    ``accepted``: the accepted version; ``submitted``: the newest version waiting or accepted (a returned
    version is never used).
    """
    states = (
        [SubmissionStatus.ACCEPTED]
        if basis == "accepted"
        else [SubmissionStatus.ACCEPTED, SubmissionStatus.PENDING]
    )
    chosen = {}
    rows = (
        Submission.objects.filter(community__street=street, year=year, status__in=states)
        .select_related("archive", "archive__signed_by", "community")
        .order_by("community_id", "report", "-submitted_at", "-pk")
    )
    for s in rows:
        chosen.setdefault((s.community_id, s.report), s)
    return chosen


def latest_street_archives(street, year: int) -> list[ReportArchive]:
    """The newest roll-up of the year in each format. One query."""
    latest = {}
    for a in ReportArchive.objects.filter(street=street, year=year).order_by(
        "report", "content_type", "-version"
    ):
        latest.setdefault((a.report, a.content_type), a)
    return list(latest.values())
