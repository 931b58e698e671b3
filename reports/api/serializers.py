"""What the API returns. Ledger rows are masked for every token: names keep their first character, ID
and phone numbers their area code and last four; restricted categories (社区矫正/帮教) and free-text
notes are never served."""

from rest_framework import serializers

from residents import idnumber
from residents.models import CATEGORIES


def mask_name(name: str) -> str:
    """张三丰 → 张**: the surname stays, so a row can be told apart; the person is not named."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    return "*" * max(len(phone) - 4, 0) + phone[-4:] if phone else ""


class Masked(serializers.CharField):
    """A read-only text field shown masked (``kind``: name, id, phone)."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        text = str(value or "")
        return {"name": mask_name, "id": idnumber.mask, "phone": mask_phone}[self.kind](text)


class ErrorOut(serializers.Serializer):
    """An error: ``detail`` (401, 403, 404, 429) or, for 400, each parameter's messages."""

    detail = serializers.CharField(required=False, help_text="中文说明")


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


class FigureOut(serializers.Serializer):
    name = serializers.CharField(help_text="指标名称（与报告、数据看板所用名称一致）")
    value = serializers.CharField(allow_null=True, help_text="数值（精确十进制文本；缺项为 null，不计为 0）")
    unit = serializers.CharField(allow_blank=True, help_text="单位，如 人、户、%")
    definition = serializers.CharField(allow_blank=True, help_text="口径说明")


class CommunityRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CommunityFiguresOut(serializers.Serializer):
    community = CommunityRef()
    street = serializers.CharField()
    year = serializers.IntegerField()
    date = serializers.DateField(help_text="统计截止日期")
    figures = FigureOut(many=True)


class RollupRow(serializers.Serializer):
    community = CommunityRef()
    values = serializers.ListField(child=serializers.CharField(allow_null=True))


class RollupColumn(serializers.Serializer):
    heading = serializers.CharField(help_text="汇总表表头")
    name = serializers.CharField(help_text="指标名称（与社区统计数据的 name 一致）")
    unit = serializers.CharField()
    definition = serializers.CharField()


class StreetFiguresOut(serializers.Serializer):
    street = serializers.DictField(child=serializers.CharField())
    year = serializers.IntegerField()
    date = serializers.DateField()
    header = serializers.ListField(
        child=serializers.CharField(), help_text="各列指标名称，与每行 values 一一对应"
    )
    columns = RollupColumn(many=True, help_text="各列：表头、指标名称（同社区统计数据）、单位、口径")
    rows = RollupRow(many=True)
    totals = serializers.ListField(child=serializers.CharField(allow_null=True), help_text="合计行")


class ScopeOut(serializers.Serializer):
    client = serializers.CharField()
    view = serializers.CharField()
    expires_at = serializers.DateTimeField()
    street = serializers.DictField(child=serializers.CharField(), allow_null=True)
    communities = CommunityRef(many=True)


# ---------------------------------------------------------------------------------------------
# Ledgers (all read-only, all masked)
# ---------------------------------------------------------------------------------------------

PUBLIC_CATEGORIES = [(name, str(label)) for name, label, restricted in CATEGORIES if not restricted]


class ResidentOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = Masked("name")
    sex = serializers.CharField(source="get_sex_display")
    ethnicity = serializers.CharField(source="ethnicity.name")
    ethnicity_code = serializers.CharField(source="ethnicity_id")
    id_number = Masked("id")
    birth_year = serializers.IntegerField(source="birth_date.year")
    phone = Masked("phone")
    household = serializers.UUIDField(source="household_id", allow_null=True)
    address = serializers.SerializerMethodField()
    grid = serializers.SerializerMethodField()
    relation = serializers.CharField(source="get_relation_display")
    residence_type = serializers.CharField(source="get_residence_type_display")
    political_status = serializers.CharField(source="get_political_status_display")
    status = serializers.CharField(source="get_status_display")
    status_date = serializers.DateField(allow_null=True)
    moved_in_on = serializers.DateField(allow_null=True)
    categories = serializers.SerializerMethodField()

    def get_address(self, obj) -> str:
        return obj.household.address if obj.household_id else ""

    def get_grid(self, obj) -> str:
        return obj.household.grid.name if obj.household_id else ""

    def get_categories(self, obj) -> list[str]:
        return [label for name, label in PUBLIC_CATEGORIES if getattr(obj, name)]


class HouseholdOut(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    address = serializers.CharField()
    grid = serializers.CharField(source="grid.name")
    compound = serializers.CharField(source="compound.name", allow_null=True, default=None)
    members = serializers.IntegerField(source="active_members", help_text="在册成员数")


class CaseOut(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.CharField(source="type.name")
    type_code = serializers.CharField(source="type.code")
    status = serializers.CharField(source="status_label")
    resident = serializers.UUIDField(source="resident_id")
    resident_name = Masked("name", source="resident.name")
    ethnicity = serializers.CharField(source="resident.ethnicity.name")
    household = serializers.UUIDField(source="household_id", allow_null=True)
    grid = serializers.CharField(source="household.grid.name", allow_null=True, default=None)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, coerce_to_string=True)
    start_on = serializers.DateField(allow_null=True)
    end_on = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)


class EventOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    type = serializers.CharField(source="type.name")
    occasion = serializers.CharField(allow_blank=True)
    place = serializers.CharField(allow_blank=True)
    organiser = serializers.CharField(allow_blank=True)
    status = serializers.CharField(source="get_status_display")
    registered_participants = serializers.IntegerField(source="registered_count")
    other_participants = serializers.IntegerField()
    religious_figures = serializers.IntegerField(
        source="religious_figure_count", help_text="参加的宗教人士数（座谈、谈心）"
    )


class VisitOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    purpose = serializers.CharField(source="get_purpose_display")
    household = serializers.UUIDField(source="household_id", allow_null=True)
    address = serializers.SerializerMethodField()
    grid = serializers.SerializerMethodField()
    resident_name = serializers.SerializerMethodField()
    visitors = serializers.SerializerMethodField(help_text="登记的走访人员数（不含其他走访人员）")

    def get_address(self, obj) -> str:
        return obj.household.address if obj.household_id else ""

    def get_grid(self, obj) -> str:
        return obj.household.grid.name if obj.household_id else ""

    def get_resident_name(self, obj) -> str:
        return mask_name(obj.resident.name) if obj.resident_id else ""

    def get_visitors(self, obj) -> int:
        return len(obj.visitors.all())


class DisputeOut(serializers.Serializer):
    id = serializers.IntegerField()
    received_on = serializers.DateField()
    category = serializers.CharField(source="get_category_display")
    status = serializers.CharField(source="get_status_display")
    is_petition = serializers.BooleanField()
    deadline = serializers.DateField(allow_null=True)
    settled_level = serializers.CharField(source="get_settled_level_display", allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    parties = serializers.SerializerMethodField(help_text="登记的当事居民数")

    def get_parties(self, obj) -> int:
        # annotated by outreach.selectors.disputes_for (its prefetch keeps only the parties a user may see)
        return obj.party_count if hasattr(obj, "party_count") else len(obj.parties.all())


class OrganisationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    grid = serializers.CharField(source="grid.name", allow_null=True, default=None)
    head_name = Masked("name")
    members = serializers.IntegerField(source="registered_members", help_text="登记成员数")
    unregistered_members = serializers.IntegerField()
    founded_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()


class FloatingOut(serializers.Serializer):
    """A stay in the floating register: no permit number, landlord, employer or notes."""

    id = serializers.UUIDField()
    resident = serializers.UUIDField(source="resident_id")
    name = Masked("name", source="resident.name")
    sex = serializers.CharField(source="resident.get_sex_display")
    ethnicity = serializers.CharField(source="resident.ethnicity.name")
    birth_year = serializers.IntegerField(source="resident.birth_date.year")
    origin = serializers.CharField(source="origin_name", help_text="户籍地（来源地）")
    reason = serializers.CharField(source="get_reason_display")
    housing = serializers.CharField(source="get_housing_display")
    arrived_on = serializers.DateField()
    permit_expires = serializers.DateField(allow_null=True)
    departed_on = serializers.DateField(allow_null=True)
    grid = serializers.SerializerMethodField()

    def get_grid(self, obj) -> str:
        household = obj.resident.household
        return household.grid.name if household else ""


class HardshipOut(serializers.Serializer):
    """A hardship household: no income, no notes; the head's name masked."""

    id = serializers.UUIDField()
    household = serializers.UUIDField(source="household_id")
    address = serializers.CharField(source="household.address")
    grid = serializers.CharField(source="household.grid.name")
    head_name = Masked("name")
    persons = serializers.IntegerField(help_text="在册成员数")
    minority_persons = serializers.IntegerField(help_text="其中少数民族")
    causes = serializers.ListField(child=serializers.CharField(), source="cause_labels")
    since = serializers.DateField()
    reviewed_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    paired = serializers.BooleanField(help_text="是否已有结对帮扶人")


class ReligiousSiteOut(serializers.Serializer):
    """A religious site: no contact person, phone or notes."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(source="get_kind_display")
    address = serializers.CharField(allow_blank=True)
    grid = serializers.CharField(source="grid.name", allow_null=True, default=None)
    since = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    joint_visits_from = serializers.DateField(allow_null=True, help_text="每月联合走访起始日期；空为不安排")


class SiteRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReligiousFigureOut(serializers.Serializer):
    """宗教人士: the name and phone masked like residents', no notes."""

    id = serializers.IntegerField()
    site = SiteRef()
    name = Masked("name")
    role = serializers.CharField(source="get_role_display")
    ethnicity = serializers.SerializerMethodField()
    phone = Masked("phone")
    resident = serializers.UUIDField(source="resident_id", allow_null=True)
    since = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)

    def get_ethnicity(self, obj) -> str:
        ethnicity = obj.ethnicity or (obj.resident.ethnicity if obj.resident_id else None)
        return ethnicity.name if ethnicity else ""


class JointVisitOut(serializers.Serializer):
    """联合走访: who and what in counts; the situation and follow-up texts are not served."""

    id = serializers.IntegerField()
    site = SiteRef()
    date = serializers.DateField()
    topics = serializers.CharField()
    staff = serializers.IntegerField(source="staff_count", help_text="社区参加人员数")
    figures = serializers.IntegerField(source="figure_count", help_text="场所参加人员数")
    households = serializers.IntegerField(source="household_count", help_text="走访户数")
    has_follow_up = serializers.SerializerMethodField(help_text="是否有后续跟进事项")
    follow_up_done_on = serializers.DateField(allow_null=True)

    def get_has_follow_up(self, obj) -> bool:
        return bool(obj.follow_up.strip())


class HalalEstablishmentOut(serializers.Serializer):
    """A halal shop or canteen: the operator masked, no notes."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(source="get_kind_display")
    address = serializers.CharField()
    grid = serializers.CharField(source="grid.name", allow_null=True, default=None)
    licence_number = serializers.CharField(allow_blank=True)
    licence_expires = serializers.DateField(allow_null=True)
    operator_name = Masked("name")
    operator_ethnicity = serializers.CharField(
        source="operator_ethnicity.name", allow_null=True, default=None
    )
    operator_phone = Masked("phone")
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    inspections = serializers.IntegerField(source="inspection_count", help_text="检查次数")
    last_inspected = serializers.DateField(allow_null=True)
    open_rectifications = serializers.IntegerField(help_text="待整改项数")


class EstablishmentRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HalalInspectionOut(serializers.Serializer):
    """An inspection: the departments, result and rectification dates; no findings text, no inspectors."""

    id = serializers.IntegerField()
    establishment = EstablishmentRef()
    date = serializers.DateField()
    departments = serializers.CharField(allow_blank=True, help_text="会同部门")
    result = serializers.CharField(source="get_result_display")
    rectification_due = serializers.DateField(allow_null=True)
    rectified_on = serializers.DateField(allow_null=True)


class HalalComplaintOut(serializers.Serializer):
    """A complaint: when, how, about which shop and when handled; no complainant, no text."""

    id = serializers.IntegerField()
    establishment = EstablishmentRef()
    received_on = serializers.DateField()
    channel = serializers.CharField(source="get_channel_display")
    handled_on = serializers.DateField(allow_null=True)


class HonourOut(serializers.Serializer):
    """A 示范户/楼栋/单元/单位 from nomination to naming; the reason text is not served."""

    id = serializers.IntegerField()
    kind = serializers.CharField(source="get_kind_display")
    target = serializers.CharField(source="target_name", help_text="示范户的地址、楼栋、单元或单位名称")
    household = serializers.UUIDField(source="household_id", allow_null=True)
    year = serializers.IntegerField()
    level = serializers.CharField(source="get_level_display")
    stage = serializers.CharField(source="get_stage_display")
    nominated_on = serializers.DateField()
    assessed_on = serializers.DateField(allow_null=True)
    named_on = serializers.DateField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)


class CommendationOut(serializers.Serializer):
    """A commendation of a person, the name masked; no reason text."""

    id = serializers.IntegerField()
    name = Masked("name", source="person_name")
    resident = serializers.UUIDField(source="resident_id", allow_null=True)
    title = serializers.CharField()
    year = serializers.IntegerField()
    level = serializers.CharField(source="get_level_display")
    awarded_on = serializers.DateField()
    awarded_by = serializers.CharField()


class FacilityOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(source="get_kind_display")
    location = serializers.CharField(allow_blank=True)
    area_m2 = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True, coerce_to_string=True)
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)


class FundingOut(serializers.Serializer):
    """An entry of the 民族工作经费: no notes, no receipts (their count only)."""

    id = serializers.IntegerField()
    date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    source = serializers.CharField(source="get_source_display")
    purpose = serializers.CharField()
    receipts = serializers.IntegerField(source="receipt_count", help_text="所附票据数")


class TrainingOut(serializers.Serializer):
    """Staff training: counts of trainees, not their names; no content notes."""

    id = serializers.IntegerField()
    date = serializers.DateField()
    topic = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=True)
    provider = serializers.CharField()
    trainees = serializers.IntegerField(source="trainee_count", help_text="参训工作人员数（登记的账号）")
    other_trainees = serializers.IntegerField(source="other_trainee_count", help_text="其他参训人数")


# ---------------------------------------------------------------------------------------------
# Report archive
# ---------------------------------------------------------------------------------------------


class ArchiveOut(serializers.Serializer):
    id = serializers.UUIDField()
    report = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    reference_date = serializers.DateField()
    version = serializers.IntegerField()
    file_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["generated", "signed", "pending", "accepted", "returned"],
        help_text="该版本所处环节：generated 已生成，signed 已签发（审核签发），pending 已上报（待街道接收），"
        "accepted 街道已接收，returned 街道已退回",
    )
    status_label = serializers.CharField(help_text="状态的中文名称")
    signed_at = serializers.DateTimeField(allow_null=True, help_text="审核签发时间")
    signed_sha256 = serializers.CharField(allow_null=True, help_text="签发时记录的文件 SHA-256")
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="上报街道时间")
    decided_at = serializers.DateTimeField(allow_null=True, help_text="街道接收或退回时间")
    created_at = serializers.DateTimeField()
    download = serializers.CharField(help_text="文件下载地址")
