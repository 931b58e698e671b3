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
