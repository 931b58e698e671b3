import factory

from tests.factories import ResidentFactory
from welfare.models import BenefitType, Case


def btype(code: str) -> BenefitType:
    return BenefitType.objects.get(community=None, code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    resident = factory.SubFactory(ResidentFactory)
    community = factory.SelfAttribute("resident.community")
    household = factory.SelfAttribute("resident.household")
    type = factory.LazyFunction(lambda: btype("dibao"))
    status = "active"
    start_on = factory.Faker("date_between", start_date="-2y", end_date="-30d")
