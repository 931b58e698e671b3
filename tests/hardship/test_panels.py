"""The registers' panels on the registry's pages: a resident's stays, a household's hardship records."""

from django.urls import reverse

from tests.factories import HouseholdFactory, ResidentFactory
from tests.floating.helpers import make_stay

from .helpers import make_hardship


def test_a_floating_residents_page_links_to_the_stay(world, client_for):
    stay = make_stay(household=HouseholdFactory(community=world.a))
    page = client_for("staff").get(
        reverse("residents:detail", kwargs={"code": "HLS", "pk": stay.resident.pk})
    )
    assert reverse("floating:detail", kwargs={"code": "HLS", "pk": stay.pk}) in page.content.decode()


def test_a_household_page_links_to_its_hardship_record_or_offers_to_register_one(world, client_for):
    household = HouseholdFactory(community=world.a)
    ResidentFactory(household=household)
    url = reverse("residents:household", kwargs={"code": "HLS", "pk": household.pk})
    create = reverse("hardship:create", kwargs={"code": "HLS"}) + f"?household={household.pk}"
    assert create in client_for("staff").get(url).content.decode()
    assert create not in client_for("secretary").get(url).content.decode()  # reads, does not register
    record = make_hardship(household=household)
    page = client_for("staff").get(url).content.decode()
    assert reverse("hardship:detail", kwargs={"code": "HLS", "pk": record.pk}) in page and create not in page
