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
