"""审核签发 and 上报 pages: the community's two steps, and the street office's inbox and answers."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community.middleware import requires
from community.periods import year_from

from .. import selectors as archive_selectors
from ..models import SubmissionStatus
from . import selectors, services
from .forms import DecisionForm, DueForm


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# -- the community -------------------------------------------------------------------------------------
@require_POST
@requires("reports.signoff")
def signoff(request, code, pk):
    archive = archive_selectors.get_archive(request.community, pk)
    try:
        services.archive_sign_off(archive=archive, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已审核签发《{archive.title}》第{archive.version}版。")
    return redirect(f"{reverse('reports:index', kwargs={'code': code})}?year={archive.year}")


@require_POST
@requires("reports.submit")
def submit(request, code, pk):
    archive = archive_selectors.get_archive(request.community, pk)
    try:
        services.report_submit(archive=archive, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已将《{archive.title}》第{archive.version}版上报街道，等待街道接收。")
    return redirect(f"{reverse('reports:index', kwargs={'code': code})}?year={archive.year}")


# -- the street office ---------------------------------------------------------------------------------
def _report_from(request) -> str:
    known = [r for r, _ in selectors.report_types()]
    report = request.GET.get("report") or request.POST.get("report") or known[0]
    return report if report in known else known[0]


def _inbox_context(request, street, year: int, report: str, due_form=None) -> dict:
    standings = selectors.street_standings(street, year, [report])[report]
    tab = request.GET.get("status", "")
    counts = {state: sum(1 for s in standings if s.state == state) for state in selectors.STATES}
    shown = [s for s in standings if not tab or s.state == tab]
    due_on = standings[0].due_on if standings else None
    return {
        "street": street,
        "year": year,
        "report": report,
        "report_label": selectors.report_label(report),
        "reports": selectors.report_types(),
        "standings": shown,
        "all_count": len(standings),
        "counts": counts,
        "tab": tab,
        "states": selectors.STATES,
        "due_on": due_on,
        "overdue": sum(1 for s in standings if s.overdue),
        "due_form": due_form or DueForm(initial={"report": report, "year": year, "due_on": due_on}),
        "tabs": [
            (SubmissionStatus.PENDING, "待接收"),
            (SubmissionStatus.ACCEPTED, "已接收"),
            (SubmissionStatus.RETURNED, "已退回"),
            (selectors.MISSING, "未上报"),
        ],
    }


@requires("reports.street")
def inbox(request, street_id):
    """The street office's inbox for one report and year: each community's state, overdue in red."""
    street = request.street
    context = _inbox_context(request, street, year_from(request), _report_from(request))
    return render(request, "reports/submissions/inbox.html", context)


@requires("reports.street")
@require_POST
def set_due(request, street_id):
    street = request.street
    form = DueForm(request.POST)
    if not form.is_valid():  # the page again, the input kept and the error beside the field
        report = _report_from(request)
        year = form.cleaned_data.get("year") or year_from(request)
        return render(
            request,
            "reports/submissions/inbox.html",
            _inbox_context(request, street, year, report, due_form=form),
            status=400,
        )
    data = form.cleaned_data
    services.due_set(
        street=street, report=data["report"], year=data["year"], due_on=data["due_on"], actor=request.user
    )
    messages.success(
        request,
        f"已设置{data['year']}年{selectors.report_label(data['report'])}的上报截止日期：{data['due_on']:%Y-%m-%d}。",
    )
    return redirect(
        f"{reverse('street:inbox', kwargs={'street_id': street.pk})}?year={data['year']}&report={data['report']}"
    )


def _submission(street, pk):
    submission = selectors.street_submissions(street).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def _detail(request, street, submission, form=None, status=200):
    steps = selectors.history(submission.community, submission.report, submission.year)
    return render(
        request,
        "reports/submissions/detail.html",
        {
            "street": street,
            "s": submission,
            "steps": steps,
            "form": form or DecisionForm(),
            "report_label": selectors.report_label(submission.report),
            "today": date.today(),
        },
        status=status,
    )


@requires("reports.street")
def detail(request, street_id, pk):
    """One submitted version: the file, who signed and submitted it, the earlier versions and answers."""
    street = request.street
    return _detail(request, street, _submission(street, pk))


@requires("reports.street")
@require_POST
def decide(request, street_id, pk, decision):
    street = request.street
    submission = _submission(street, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, street, submission, form, status=400)
    step = services.submission_accept if decision == "accept" else services.submission_return
    try:
        step(submission=submission, actor=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
            return _detail(request, street, submission, form, status=400)
        messages.error(request, _error_text(exc))
        return redirect("street:submission", street_id=street.pk, pk=submission.pk)
    word = "接收" if decision == "accept" else "退回"
    messages.success(
        request,
        f"已{word}{submission.community.name}《{submission.archive.title}》第{submission.archive.version}版。",
    )
    return redirect(
        f"{reverse('street:inbox', kwargs={'street_id': street.pk})}?year={submission.year}&report={submission.report}"
    )
