"""factory_boy factories for the tenancy core. Apps add theirs in tests/<app>/factories.py."""

import factory

from community.models import Community, Membership, StreetOffice, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("Tongxin@2026")


class StreetOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreetOffice
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"街道{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"社区{n}")
    street = factory.SubFactory(StreetOfficeFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "staff"
    community = factory.SubFactory(CommunityFactory)
    street = None


# --- grids and residents -------------------------------------------------------------------------

import datetime  # noqa: E402

from grids.models import Building, Compound, Grid, Unit  # noqa: E402
from residents import idnumber  # noqa: E402
from residents.models import Ethnicity, Household, Resident  # noqa: E402


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}网格")


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    grid = factory.SubFactory(GridFactory)
    community = factory.SelfAttribute("grid.community")
    name = factory.Sequence(lambda n: f"华林{n}号小区")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    compound = factory.SubFactory(CompoundFactory)
    community = factory.SelfAttribute("compound.community")
    number = factory.Sequence(lambda n: str(n + 1))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    community = factory.SelfAttribute("building.community")
    number = factory.Sequence(lambda n: str(n % 6 + 1))


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household in a unit; pass ``unit=`` or ``community=`` (a fresh tree is made in that community)."""

    class Meta:
        model = Household

    community = factory.SubFactory(CommunityFactory)
    unit = factory.LazyAttribute(lambda o: UnitFactory(building__compound__grid__community=o.community))
    building = factory.SelfAttribute("unit.building")
    compound = factory.SelfAttribute("building.compound")
    grid = factory.SelfAttribute("compound.grid")
    door = factory.Sequence(lambda n: f"{n % 30 + 101}")


_id_seq = iter(range(1, 10**7))


def valid_id(birth=datetime.date(1980, 1, 2), sex="M", area="620103") -> str:
    """A fresh valid ID number; odd sequence digit for men, even for women."""
    n = next(_id_seq)
    seq = (n * 2 + (1 if sex == "M" else 0)) % 1000
    return idnumber.make(area, birth, seq if seq else 2)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident with a valid ID number matching birth date and sex. ``ethnicity`` takes a code ("03")."""

    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    community = factory.SelfAttribute("household.community")
    name = factory.Sequence(lambda n: "张三" if n == 0 else f"居民{n}")
    sex = "M"
    birth_date = datetime.date(1980, 1, 2)
    id_number = factory.LazyAttribute(lambda o: valid_id(o.birth_date, o.sex))
    ethnicity = "01"
    relation = "head"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if isinstance(kwargs.get("ethnicity"), str):
            kwargs["ethnicity"] = Ethnicity.objects.get(code=kwargs["ethnicity"])
        return super()._create(model_class, *args, **kwargs)
