"""Factories of the outreach ledgers."""

import datetime

import factory
from django.core.files.base import ContentFile

from outreach.models import (
    Agreement,
    Dispute,
    Event,
    EventType,
    JurisdictionUnit,
    Organisation,
    OrganisationMember,
    Plan,
    PlanItem,
    Propaganda,
    ReligiousSite,
    Visit,
)
from tests.factories import CommunityFactory, HouseholdFactory, ResidentFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    type = factory.LazyFunction(lambda: EventType.objects.get(code="symposium"))
    title = factory.Sequence(lambda n: f"民族团结座谈会{n}")
    date = datetime.date(2026, 3, 8)
    status = "held"


class PropagandaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Propaganda

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2026, 3, 8)
    subject = "民族团结进步宣传"
    banners = 1
    leaflets = 100


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    community = factory.SubFactory(CommunityFactory)
    household = factory.LazyAttribute(lambda o: HouseholdFactory(community=o.community))
    date = factory.LazyFunction(datetime.date.today)
    purpose = "joint"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    community = factory.SubFactory(CommunityFactory)
    resident = factory.LazyAttribute(
        lambda o: ResidentFactory(household=HouseholdFactory(community=o.community), is_correction=True)
    )
    signed_on = datetime.date(2026, 1, 5)
    term_start = datetime.date(2026, 1, 5)
    term_end = datetime.date(2026, 12, 31)
    guardian = "马建华"

    class Params:
        with_file = factory.Trait(
            file=factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="a.pdf"))
        )


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    community = factory.SubFactory(CommunityFactory)
    received_on = datetime.date(2026, 2, 1)
    summary = factory.Sequence(lambda n: f"楼上漏水纠纷{n}")
    category = "neighbour"
    status = "accepted"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    community = factory.SubFactory(CommunityFactory)
    kind = "volunteer"
    name = factory.Sequence(lambda n: f"志愿者服务队{n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"队员{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurisdictionUnit

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"华林山小学{n}")
    kind = "school"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReligiousSite

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"华林山清真寺{n}")
    kind = "mosque"
    contact_name = "马阿訇"


# --- religious liaison, 清真 oversight, 创建 ---------------------------------------------------------

from outreach.models import (  # noqa: E402
    Commendation,
    Facility,
    Funding,
    FundingReceipt,
    HalalComplaint,
    HalalEstablishment,
    HalalInspection,
    Honour,
    JointVisit,
    ReligiousFigure,
    Training,
)


class ReligiousFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReligiousFigure

    community = factory.SubFactory(CommunityFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(community=o.community))
    name = factory.Sequence(lambda n: f"马阿訇{n}")
    role = "imam"
    phone = "13893112345"
    since = datetime.date(2020, 1, 1)


class JointVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointVisit

    community = factory.SubFactory(CommunityFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(community=o.community))
    date = datetime.date(2026, 3, 5)
    topics = "了解回族居民生产生活情况"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HalalEstablishment

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"马记牛肉面馆{n}")
    kind = "restaurant"
    address = "华林坪清真寺巷"
    operator_name = "马福祥"
    operator_phone = "13909311234"
    opened_on = datetime.date(2018, 5, 1)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HalalInspection

    community = factory.SubFactory(CommunityFactory)
    establishment = factory.LazyAttribute(lambda o: EstablishmentFactory(community=o.community))
    date = datetime.date(2026, 3, 10)
    inspectors = "马晓燕"
    departments = "西园市场监管所"
    findings = "清真标识规范，原料来源可追溯。"
    result = "passed"


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HalalComplaint

    community = factory.SubFactory(CommunityFactory)
    establishment = factory.LazyAttribute(lambda o: EstablishmentFactory(community=o.community))
    received_on = datetime.date(2026, 3, 12)
    channel = "phone"
    complainant = "李女士"
    complainant_phone = "13800001111"
    summary = "清真标识不清"


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    community = factory.SubFactory(CommunityFactory)
    kind = "household"
    household = factory.LazyAttribute(lambda o: HouseholdFactory(community=o.community))
    year = 2026
    level = "community"
    stage = "nominated"
    nominated_on = datetime.date(2026, 3, 1)
    reason = "邻里和睦，热心公益。"


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commendation

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"马桂兰{n}")
    title = "好邻居"
    year = 2026
    level = "community"
    awarded_on = datetime.date(2026, 3, 8)
    awarded_by = "华林山社区居委会"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"清风阅览室{n}")
    kind = "reading_room"
    area_m2 = 40
    since = datetime.date(2009, 6, 1)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2026, 3, 2)
    amount = 1000
    source = "street"
    purpose = "民族团结进步宣传月展板制作"


class ReceiptFactory(factory.django.DjangoModelFactory):
    """A receipt whose file is in the private storage."""

    class Meta:
        model = FundingReceipt

    funding = factory.SubFactory(FundingFactory)
    original_name = "发票.pdf"
    content_type = "application/pdf"
    size = 13

    @factory.lazy_attribute
    def storage_name(self):
        from community.storage import private_storage

        stored = private_storage().save("receipts/test.pdf", ContentFile(b"%PDF-1.4 test"))
        return stored.removeprefix("receipts/")


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2026, 4, 15)
    topic = "民族宗教政策法规培训"
    hours = 3
    provider = "七里河区民宗局"
    other_trainee_count = 2


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    community = factory.SubFactory(CommunityFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year)


class PlanItemFactory(factory.django.DjangoModelFactory):
    """An activity of the plan (a 座谈会 in March unless told)."""

    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    kind = "activity"
    event_type = factory.LazyFunction(lambda: EventType.objects.get(code="symposium"))
    month = 3
    title = factory.LazyAttributeSequence(lambda o, n: f"民族团结座谈会{n}" if o.kind == "activity" else "")
