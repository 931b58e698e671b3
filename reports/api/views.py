"""The read API's endpoints: thin views over the registry (figures), the apps' scoped selectors
(ledgers) and the report archive. Each resolves its scope from the token first: another scope is 404."""

from datetime import date
from types import SimpleNamespace

import django_filters
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from community.access import Access
from outreach import selectors as outreach
from residents import selectors as residents
from residents.floating import selectors as floating
from residents.hardship import selectors as hardship
from residents.models import ResidentStatus
from welfare import selectors as welfare

from .. import selectors as archives
from .. import services
from ..exporters.base import ReportForm
from ..exporters.street_rollup import COLUMNS as ROLLUP_COLUMNS
from ..exporters.street_rollup import UNITS as ROLLUP_UNITS
from ..exporters.street_rollup import rollup
from ..figures import public_figures
from ..models import SubmissionStatus
from ..registry import community_figures
from ..submissions.selectors import STATES
from . import filters as api_filters
from . import serializers as out
from .auth import ApiBase
from .definitions import definition_of
from .tokens import communities_for_token, get_community_for_token, get_street_for_token

API_ROLE = "api"  # holds no permission of the role table: selectors serve what every role may see, masked


def token_access(community) -> Access:
    """The :class:`Access` a token reads a community's ledgers with (scoped like a community role, no
    restricted category, no grid-worker narrowing)."""
    return Access(community=community, role=API_ROLE)


def _text(value) -> str | None:
    return None if value is None else str(value)


ERRORS = {
    400: OpenApiResponse(out.ErrorOut, description="参数错误：各参数的中文说明"),
    401: OpenApiResponse(out.ErrorOut, description="缺少令牌，或令牌无效、已过期、已吊销"),
    403: OpenApiResponse(out.ErrorOut, description="令牌的可读范围不含该接口（仅统计数据）"),
    404: OpenApiResponse(out.ErrorOut, description="不存在，或不在令牌范围内"),
    429: OpenApiResponse(out.ErrorOut, description="超出调用频率；Retry-After 给出等待秒数"),
}

CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$", description="社区代码"
)
STREET = OpenApiParameter("street_id", int, OpenApiParameter.PATH, description="街道编号")

DATE_PARAMS = [
    OpenApiParameter("year", int, description="年度（2000–2100），默认今年"),
    OpenApiParameter(
        "date",
        OpenApiTypes.DATE,
        description="统计截止日期（须在所选年度内）；默认当年为今天、往年为12月31日",
    ),
]


def reference(request) -> tuple[int, date]:
    """``year`` and ``date`` validated exactly as the report form validates them (400 otherwise)."""
    params = request.query_params
    form = ReportForm(
        {"year": params.get("year") or timezone.localdate().year, "date": params.get("date", "")}
    )
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return form.cleaned_data["year"], form.cleaned_data["date"]


# ---------------------------------------------------------------------------------------------
# Scope and figures
# ---------------------------------------------------------------------------------------------


class ScopeView(ApiBase):
    """What this token may read: its client, view, expiry and communities."""

    @extend_schema(
        operation_id="scope", summary="令牌范围", tags=["令牌"], responses={200: out.ScopeOut, **ERRORS}
    )
    def get(self, request):
        token = request.auth
        communities = list(communities_for_token(token))
        self.audit_rows = len(communities)
        street = token.street
        scope = {
            "client": token.client,
            "view": token.view,
            "expires_at": token.expires_at,
            "street": {"id": str(street.pk), "name": street.name} if street else None,
            "communities": [{"code": c.code, "name": c.name} for c in communities],
        }
        return Response(out.ScopeOut(scope).data)  # times in the portal's zone, as everywhere in the API


class CommunityFiguresView(ApiBase):
    """Every published figure of a community for a year and reference date, from the same registry
    (``reports.figures.community_figures``) the dashboards and reports read."""

    @extend_schema(
        operation_id="community_figures",
        description="社区全部公开指标（名称、数值、单位、口径），与数据看板和报告同一来源、同一统计截止日；缺项为 null，不计为 0。",
        summary="社区统计数据",
        tags=["统计数据"],
        parameters=[CODE, *DATE_PARAMS],
        responses={200: out.CommunityFiguresOut, **ERRORS},
    )
    def get(self, request, code):
        community = get_community_for_token(request.auth, code)
        self.audit_community = community
        year, on = reference(request)
        figures = public_figures(community_figures(community, on, year))
        rows = [
            {"name": f.name, "value": _text(f.value), "unit": f.unit, "definition": definition_of(f)}
            for f in figures.values()
            if hasattr(f, "unit")  # figures only; a provider's tables start with "_" and are left out above
        ]
        self.audit_rows = len(rows)
        return Response(
            {
                "community": {"code": community.code, "name": community.name},
                "street": community.street.name,
                "year": year,
                "date": on,
                "figures": rows,
            }
        )


class StreetFiguresView(ApiBase):
    """The street roll-up (街道汇总) as data: one row per community, and the totals."""

    @extend_schema(
        operation_id="street_figures",
        description="街道汇总（每个社区一行及合计行），与街道汇总报告同一来源。仅街道范围的令牌可读。",
        summary="街道汇总",
        tags=["统计数据"],
        parameters=[STREET, *DATE_PARAMS],
        responses={200: out.StreetFiguresOut, **ERRORS},
    )
    def get(self, request, street_id):
        street = get_street_for_token(request.auth, street_id)
        year, on = reference(request)
        header, rows, totals = rollup(street, on, year)
        codes = dict(communities_for_token(request.auth).values_list("name", "code"))
        self.audit_rows = len(rows)
        return Response(
            {
                "street": {"id": str(street.pk), "name": street.name},
                "year": year,
                "date": on,
                "header": header[1:],
                "columns": [
                    {
                        "heading": heading,
                        "name": name,
                        "unit": ROLLUP_UNITS[name],
                        "definition": definition_of(SimpleNamespace(name=name)),
                    }
                    for heading, name, _summed in ROLLUP_COLUMNS
                ],
                "rows": [
                    {
                        "community": {"code": codes.get(r[0], ""), "name": r[0]},
                        "values": [_text(v) for v in r[1:]],
                    }
                    for r in rows
                ],
                "totals": [_text(v) for v in totals[1:]],
            }
        )


# ---------------------------------------------------------------------------------------------
# Ledgers: paged, filtered like the pages, masked
# ---------------------------------------------------------------------------------------------


class PageParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, required=False, label="页码")
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False, label="每页条数")


class Pages(PageNumberPagination):
    """``page`` (from 1) and ``page_size`` (≤ 200, default 50); junk is 400, a page past the end 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "该页不存在。"

    def paginate_queryset(self, queryset, request, view=None):
        params = PageParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        return super().paginate_queryset(queryset, request, view)


class LedgerView(ApiBase):
    """A ledger of one community: the app's scoped selector, the FilterSet, the page, the serializer."""

    needs_ledgers = True
    filterset_class = None
    serializer_class = None
    pagination_class = Pages

    def queryset(self, access):
        raise NotImplementedError

    def get(self, request, code):
        community = get_community_for_token(request.auth, code)
        self.audit_community = community
        access = token_access(community)
        filterset = self.filterset_class(request.query_params, self.queryset(access), access=access)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(filterset.qs, request, view=self)
        self.audit_rows = len(page)
        return paginator.get_paginated_response(self.serializer_class(page, many=True).data)

    @classmethod
    def documented(cls, operation_id: str, summary: str):
        """The class with its schema: filters from the FilterSet, the paged response."""
        params = [
            OpenApiParameter("page", int, description="页码（从1开始）"),
            OpenApiParameter("page_size", int, description="每页条数（1–200，默认50）"),
        ]

        def get(self, request, code):  # each ledger its own function: the schema is attached to it
            return LedgerView.get(self, request, code)

        get.__doc__ = cls.__doc__
        cls.get = extend_schema(
            operation_id=operation_id,
            summary=summary,
            tags=["台帐（脱敏）"],
            description=f"{summary}：分页（page、page_size），筛选同页面；姓名只留姓、身份证号与电话号码脱敏，"
            "社区矫正/帮教信息和备注类自由文本不提供。需“统计数据与台帐”令牌。",
            parameters=[CODE, *params, *filter_parameters(cls.filterset_class)],
            responses={200: paged(cls.serializer_class), **ERRORS},
        )(get)
        return cls


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """Query parameters of a FilterSet for the schema (choices as enums, years and ids as integers)."""
    params = []
    for name, f in filterset_class.base_filters.items():
        kwargs = {"description": str(f.label or name)}
        if isinstance(f, django_filters.ChoiceFilter) and f.extra.get("choices"):
            choices = f.extra["choices"]
            kwargs["enum"] = [str(value) for value, _label in (choices() if callable(choices) else choices)]
            params.append(OpenApiParameter(name, str, **kwargs))
        elif isinstance(f, api_filters.YearFilter):
            params.append(OpenApiParameter(name, int, **kwargs))
        elif isinstance(f, django_filters.BooleanFilter):
            params.append(OpenApiParameter(name, bool, **kwargs))
        else:
            params.append(OpenApiParameter(name, str, **kwargs))
    return params


_paged = {}


def paged(serializer_class):
    """``{"count", "next", "previous", "results": [...]}`` around a row serializer."""
    name = f"Paged{serializer_class.__name__}"
    if name not in _paged:
        _paged[name] = type(
            name,
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": serializer_class(many=True),
            },
        )
    return _paged[name]


class ResidentsView(LedgerView):
    filterset_class = api_filters.ApiResidentFilter
    serializer_class = out.ResidentOut

    def queryset(self, access):
        return residents.residents_for(access)


class HouseholdsView(LedgerView):
    filterset_class = api_filters.HouseholdFilter
    serializer_class = out.HouseholdOut

    def queryset(self, access):
        return residents.households_for(access).annotate(
            active_members=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE))
        )


class CasesView(LedgerView):
    filterset_class = api_filters.CaseFilter
    serializer_class = out.CaseOut

    def queryset(self, access):
        return welfare.cases_for(access)


class EventsView(LedgerView):
    filterset_class = api_filters.EventFilter
    serializer_class = out.EventOut

    def queryset(self, access):
        return outreach.events_for(access).annotate(
            religious_figure_count=Count("religious_figures", distinct=True)
        )


class VisitsView(LedgerView):
    filterset_class = api_filters.VisitFilter
    serializer_class = out.VisitOut

    def queryset(self, access):
        return outreach.visits_for(access)


class DisputesView(LedgerView):
    filterset_class = api_filters.DisputeFilter
    serializer_class = out.DisputeOut

    def queryset(self, access):
        return outreach.disputes_for(access)


class OrganisationsView(LedgerView):
    filterset_class = api_filters.OrganisationFilter
    serializer_class = out.OrganisationOut

    def queryset(self, access):
        return outreach.organisations_for(access)


class FloatingView(LedgerView):
    filterset_class = api_filters.FloatingFilter
    serializer_class = out.FloatingOut

    def queryset(self, access):
        return floating.floating_for(access)


class HardshipView(LedgerView):
    filterset_class = api_filters.HardshipFilter
    serializer_class = out.HardshipOut

    def queryset(self, access):
        return hardship.hardship_for(access)


class ReligiousSitesView(LedgerView):
    filterset_class = api_filters.ReligiousSiteFilter
    serializer_class = out.ReligiousSiteOut

    def queryset(self, access):
        return outreach.sites_for(access)


class ReligiousFiguresView(LedgerView):
    filterset_class = api_filters.ReligiousFigureFilter
    serializer_class = out.ReligiousFigureOut

    def queryset(self, access):
        return outreach.liaison.figures_for(access)


class JointVisitsView(LedgerView):
    filterset_class = api_filters.JointVisitFilter
    serializer_class = out.JointVisitOut

    def queryset(self, access):
        # counts instead of the people: the staff and the households visited are not served
        return (
            outreach.liaison.joint_visits_for(access)
            .prefetch_related(None)
            .annotate(
                staff_count=Count("staff", distinct=True),
                figure_count=Count("figures", distinct=True),
                household_count=Count("households", distinct=True),
            )
        )


class HalalEstablishmentsView(LedgerView):
    filterset_class = api_filters.HalalEstablishmentFilter
    serializer_class = out.HalalEstablishmentOut

    def queryset(self, access):
        return outreach.halal.establishments_for(access)


class HalalInspectionsView(LedgerView):
    filterset_class = api_filters.HalalInspectionFilter
    serializer_class = out.HalalInspectionOut

    def queryset(self, access):
        return outreach.halal.inspections_for(access)


class HalalComplaintsView(LedgerView):
    filterset_class = api_filters.HalalComplaintFilter
    serializer_class = out.HalalComplaintOut

    def queryset(self, access):
        return outreach.halal.complaints_for(access)


class HonoursView(LedgerView):
    filterset_class = api_filters.HonourFilter
    serializer_class = out.HonourOut

    def queryset(self, access):
        return outreach.creation.honours_for(access)


class CommendationsView(LedgerView):
    filterset_class = api_filters.CommendationFilter
    serializer_class = out.CommendationOut

    def queryset(self, access):
        return outreach.creation.commendations_for(access)


class FacilitiesView(LedgerView):
    filterset_class = api_filters.FacilityFilter
    serializer_class = out.FacilityOut

    def queryset(self, access):
        return outreach.creation.facilities_for(access)


class FundingView(LedgerView):
    filterset_class = api_filters.FundingFilter
    serializer_class = out.FundingOut

    def queryset(self, access):
        return outreach.creation.funding_for(access)


class TrainingsView(LedgerView):
    filterset_class = api_filters.TrainingFilter
    serializer_class = out.TrainingOut

    def queryset(self, access):
        return outreach.creation.trainings_for(access).prefetch_related(None)  # the count, not the names


LEDGERS = [
    ("residents", ResidentsView, "居民台帐（脱敏）"),
    ("households", HouseholdsView, "户"),
    ("welfare-cases", CasesView, "救助与保障（脱敏）"),
    ("events", EventsView, "活动"),
    ("visits", VisitsView, "走访（不含帮教走访）"),
    ("disputes", DisputesView, "矛盾纠纷"),
    ("organisations", OrganisationsView, "组织"),
    ("floating-residents", FloatingView, "流动人口登记（脱敏）"),
    ("hardship-households", HardshipView, "困难家庭（脱敏）"),
    ("religious-sites", ReligiousSitesView, "宗教场所"),
    ("religious-figures", ReligiousFiguresView, "宗教人士（脱敏）"),
    ("joint-visits", JointVisitsView, "联合走访"),
    ("halal-establishments", HalalEstablishmentsView, "清真食品经营场所（脱敏）"),
    ("halal-inspections", HalalInspectionsView, "清真食品检查"),
    ("halal-complaints", HalalComplaintsView, "清真食品投诉"),
    ("honours", HonoursView, "民族团结示范创建"),
    ("commendations", CommendationsView, "表彰（脱敏）"),
    ("facilities", FacilitiesView, "阵地设施"),
    ("funding", FundingView, "民族工作经费"),
    ("trainings", TrainingsView, "工作人员培训"),
]
for slug, view, summary in LEDGERS:
    view.documented(slug.replace("-", "_"), summary)


# ---------------------------------------------------------------------------------------------
# Report archive
# ---------------------------------------------------------------------------------------------


#: A version's place in the year's cycle (#18): generated, signed off (审核签发), then 上报 and the street's answer.
ARCHIVE_STATES = {
    "generated": "已生成",
    "signed": "已签发",
    **{status: STATES[status][0] for status in SubmissionStatus.values},  # 已上报 / 已接收 / 已退回
}


def archive_status(archive) -> str:
    """The furthest step a version reached: its submission's state, else signed, else generated.

    Only a community's versions are signed and submitted (a street's roll-up is generated only); the
    submission comes joined by the selector, so this reads no row of its own.
    """
    submission = getattr(archive, "submission", None) if archive.community_id else None
    if submission is not None:
        return submission.status
    return "signed" if archive.signed_at else "generated"


def archive_rows(rows, file_url) -> list[dict]:
    answer = []
    for a in rows:
        status = archive_status(a)
        submission = getattr(a, "submission", None) if a.community_id else None
        answer.append(
            {
                "id": a.id,
                "report": a.report,
                "title": a.title,
                "year": a.year,
                "reference_date": a.reference_date,
                "version": a.version,
                "file_name": a.file_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "status": status,
                "status_label": ARCHIVE_STATES[status],
                "signed_at": a.signed_at,
                "signed_sha256": a.signed_sha256 or None,
                "submitted_at": submission.submitted_at if submission else None,
                "decided_at": submission.decided_at if submission else None,
                "created_at": a.created_at,
                "download": file_url(a),
            }
        )
    return answer


class ArchiveListBase(ApiBase):
    pagination_class = Pages

    def answer(self, request, queryset, file_url):
        year = request.query_params.get("year")
        if year:
            field = serializers.IntegerField(min_value=2000, max_value=2100)
            try:
                queryset = queryset.filter(year=field.run_validation(year))
            except serializers.ValidationError as exc:
                raise exceptions.ValidationError({"year": exc.detail}) from None
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        self.audit_rows = len(page)
        return paginator.get_paginated_response(out.ArchiveOut(archive_rows(page, file_url), many=True).data)


ARCHIVE_PARAMS = [
    OpenApiParameter("year", int, description="年度"),
    OpenApiParameter("page", int, description="页码（从1开始）"),
    OpenApiParameter("page_size", int, description="每页条数（1–200，默认50）"),
]


class CommunityArchivesView(ArchiveListBase):
    """The archived reports of a community, newest first: every version with its SHA-256."""

    @extend_schema(
        operation_id="community_reports",
        description="社区已生成报告的全部版本（最新在前），含 SHA-256 与下载地址。",
        tags=["报告存档"],
        summary="社区报告存档",
        parameters=[CODE, *ARCHIVE_PARAMS],
        responses={200: paged(out.ArchiveOut), **ERRORS},
    )
    def get(self, request, code):
        community = get_community_for_token(request.auth, code)
        self.audit_community = community
        return self.answer(
            request,
            archives.archives_for_community(community),
            lambda a: reverse("api:community_report_file", kwargs={"code": community.code, "pk": a.pk}),
        )


class StreetArchivesView(ArchiveListBase):
    """The street's own archived roll-ups (each community's reports are under the community)."""

    @extend_schema(
        operation_id="street_reports",
        description="街道汇总报告的全部版本（各社区报告见社区接口）。",
        tags=["报告存档"],
        summary="街道汇总报告存档",
        parameters=[STREET, *ARCHIVE_PARAMS],
        responses={200: paged(out.ArchiveOut), **ERRORS},
    )
    def get(self, request, street_id):
        street = get_street_for_token(request.auth, street_id)
        return self.answer(
            request,
            archives.street_archives(street),
            lambda a: reverse("api:street_report_file", kwargs={"street_id": street.pk, "pk": a.pk}),
        )


FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
    **ERRORS,
}


def file_response(archive):
    try:
        handle = services.archive_open(archive=archive)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=archive.file_name, content_type=archive.content_type
    )


class CommunityArchiveFileView(ApiBase):
    @extend_schema(
        operation_id="community_report_file",
        description="下载存档的报告文件（与存档 SHA-256 一致）。",
        tags=["报告存档"],
        summary="下载社区报告文件",
        parameters=[CODE],
        responses=FILE_RESPONSES,
    )
    def get(self, request, code, pk):
        community = get_community_for_token(request.auth, code)
        self.audit_community = community
        archive = archives.get_archive(community, pk)
        response = file_response(archive)
        self.audit_rows = 1
        return response


class StreetArchiveFileView(ApiBase):
    @extend_schema(
        operation_id="street_report_file",
        description="下载存档的街道汇总报告文件。",
        tags=["报告存档"],
        summary="下载街道汇总报告文件",
        parameters=[STREET],
        responses=FILE_RESPONSES,
    )
    def get(self, request, street_id, pk):
        street = get_street_for_token(request.auth, street_id)
        archive = archives.street_archives(street).filter(pk=pk).first()
        if archive is None:
            raise Http404
        response = file_response(archive)
        self.audit_rows = 1
        return response
