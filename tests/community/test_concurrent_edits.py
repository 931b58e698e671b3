"""Finding 8 (Medium): resident edits overwrote each other. One mechanism (community.versioning) for every
edit form: the second of two concurrent edits is refused with a Chinese message, nothing is overwritten,
and the form keeps what was typed."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from grids.models import Building
from tests.conftest import with_edit_token
from tests.factories import HouseholdFactory, ResidentFactory
from tests.grids.helpers import make_tree
from tests.outreach.factories import (
    CommendationFactory,
    ComplaintFactory,
    DisputeFactory,
    EstablishmentFactory,
    EventFactory,
    FacilityFactory,
    FundingFactory,
    HonourFactory,
    InspectionFactory,
    JointVisitFactory,
    OrganisationFactory,
    PropagandaFactory,
    ReligiousFigureFactory,
    SiteFactory,
    TrainingFactory,
    UnitFactory,
    VisitFactory,
)

MESSAGE = "已被他人修改，您的修改未保存"


def _two_editors(client, url, first: dict, second: dict):
    """Both open the form, the first saves, then the second saves: return the second response."""
    first_data = with_edit_token(client, url, first)
    second_data = with_edit_token(client, url, second)
    assert client.post(url, first_data).status_code == 302
    return client.post(url, second_data)


def _resident_form(resident, **changes):
    data = {
        "name": resident.name,
        "id_number": "",
        "sex": resident.sex,
        "birth_date": "",
        "ethnicity": "01",
        "household": str(resident.household_id),
        "relation": "head",
        "residence_type": "registered",
        "political_status": "masses",
    }
    return {**data, **changes}


def test_finding_8_the_second_of_two_resident_edits_is_refused_and_overwrites_nothing(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    url = reverse("residents:edit", kwargs={"code": "HLS", "pk": resident.pk})
    response = _two_editors(
        client_for("staff"),
        url,
        _resident_form(resident, phone="13900000001"),
        _resident_form(resident, phone="13900000002"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and MESSAGE in page and "13900000002" in page
    resident.refresh_from_db()
    assert resident.phone == "13900000001"


def test_finding_8_grid_tree_edits_use_the_same_lock(world, client_for):
    building = Building.objects.get(compound__grid=make_tree(world.a))
    url = reverse("grids:building_edit", kwargs={"code": "HLS", "pk": building.pk})
    response = _two_editors(
        client_for("staff"),
        url,
        {"number": "1", "head_name": "甲楼长"},
        {"number": "1", "head_name": "乙楼长"},
    )
    assert MESSAGE in response.content.decode()
    building.refresh_from_db()
    assert building.head_name == "甲楼长"


@pytest.mark.parametrize("kind", ["event", "dispute", "organisation"])
def test_finding_8_outreach_edits_use_the_same_lock(world, client_for, kind):
    if kind == "event":
        obj = EventFactory(community=world.a)
        url = reverse("outreach:event_edit", kwargs={"code": "HLS", "pk": obj.pk})
        base = {"type": obj.type.pk, "date": "2026-03-08", "status": "held", "other_participants": 0}
        first, second, field = {**base, "title": "甲"}, {**base, "title": "乙"}, "title"
    elif kind == "dispute":
        obj = DisputeFactory(community=world.a, status="accepted")
        url = reverse("outreach:dispute_edit", kwargs={"code": "HLS", "pk": obj.pk})
        base = {"received_on": "2026-02-01", "category": "neighbour", "status": "accepted"}
        first, second, field = {**base, "summary": "甲"}, {**base, "summary": "乙"}, "summary"
    else:
        obj = OrganisationFactory(community=world.a)
        url = reverse("outreach:organisation_edit", kwargs={"code": "HLS", "pk": obj.pk})
        base = {"kind": "volunteer", "unregistered_members": 0, "is_active": "on"}
        first, second, field = {**base, "name": "甲队"}, {**base, "name": "乙队"}, "name"
    response = _two_editors(client_for("staff"), url, first, second)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == first[field]


def test_finding_8_an_edit_posted_without_its_token_is_refused(world, client_for):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    url = reverse("residents:edit", kwargs={"code": "HLS", "pk": resident.pk})
    response = client_for("staff").post(url, _resident_form(resident, phone="13900000009"))
    assert "页面已过期" in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone != "13900000009"


def test_finding_8_the_community_profile_uses_the_same_lock(world, client_for):
    url = reverse("community:profile", kwargs={"code": "HLS"})
    base = {
        "founded_on": "",
        "area_km2": "",
        "boundary": "",
        "office_rooms": "",
        "office_cost_10k_yuan": "",
        "office_area_m2": "",
        "staff_civil_servants": "",
        "staff_institutional": "",
    }
    response = _two_editors(
        client_for("staff"), url, {**base, "staff_hired": "6"}, {**base, "staff_hired": "9"}
    )
    assert MESSAGE in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.staff_hired == 6


class _FormValues(HTMLParser):
    """What a browser would post back from the page's edit form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._text = ""
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and "edit_token" not in str(self.values):
            self._in_form = True
        if tag == "option" and self._in_form and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        if not self._in_form or not a.get("name"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text.strip()))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _posted(client, url: str, **changes) -> dict:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    data: dict = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    tokens = [values for name, values in data.items() if name.split("-")[-1] == "edit_token"]
    assert tokens and tokens[0][0], url
    return {**data, **changes}


REGISTERS = {
    "site": (SiteFactory, "site_edit", "notes"),
    "religious_figure": (ReligiousFigureFactory, "figure_edit", "notes"),
    "joint_visit": (JointVisitFactory, "joint_visit_edit", "topics"),
    "halal": (EstablishmentFactory, "halal_edit", "notes"),
    "inspection": (InspectionFactory, "inspection_edit", "findings"),
    "complaint": (ComplaintFactory, "complaint_edit", "summary"),
    "honour": (HonourFactory, "honour_edit", "reason"),
    "commendation": (CommendationFactory, "commendation_edit", "reason"),
    "facility": (FacilityFactory, "facility_edit", "notes"),
    "funding": (FundingFactory, "funding_edit", "purpose"),
    "training": (TrainingFactory, "training_edit", "topic"),
    "propaganda": (PropagandaFactory, "propaganda_edit", "subject"),
    "unit": (UnitFactory, "unit_edit", "name"),
    "visit": (VisitFactory, "visit_edit", "notes"),
}


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_finding_8_the_registers_edits_use_the_same_lock(world, client_for, kind):
    """Religious liaison, 清真 and 创建 registers: the second of two concurrent edits is refused."""
    factory, name, field = REGISTERS[kind]
    obj = factory(community=world.a)
    url = reverse(f"outreach:{name}", kwargs={"code": "HLS", "pk": obj.pk})
    client = client_for("staff")
    extra = {}
    if kind == "joint_visit":  # the community's people on the visit (none on a factory's row)
        extra["staff"] = [str(world.users["staff"].pk)]
    if kind == "honour":  # a 示范户 is picked through one of its members
        extra["household_member"] = [str(ResidentFactory(household=obj.household, relation="head").pk)]
    first = _posted(client, url, **{field: "甲的修改"}, **extra)
    second = _posted(client, url, **{field: "乙的修改"}, **extra)
    answer = client.post(url, first)
    assert answer.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)|alert-danger[^>]*>([^<]+)", answer.content.decode()
    )
    response = client.post(url, second)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == "甲的修改"


def _other_forms(world, kind):
    """(url, field, object) of the edit forms outside the outreach registers."""
    from tests.factories import GridFactory
    from tests.floating.helpers import make_stay
    from tests.hardship.helpers import make_hardship
    from tests.outreach.factories import AgreementFactory, PlanFactory, PlanItemFactory

    kw = {"code": "HLS"}
    if kind == "agreement":
        obj = AgreementFactory(community=world.a)
        return reverse("outreach:agreement_edit", kwargs={**kw, "pk": obj.pk}), "guardian", obj
    if kind == "plan_item":
        obj = PlanItemFactory(plan=PlanFactory(community=world.a))
        return reverse("outreach:plan_item_edit", kwargs={**kw, "pk": obj.pk}), "title", obj
    if kind == "hardship":
        obj = make_hardship(community=world.a)
        return reverse("hardship:edit", kwargs={**kw, "pk": obj.pk}), "notes", obj
    if kind == "floating":
        obj = make_stay(household=HouseholdFactory(community=world.a))
        return reverse("floating:edit", kwargs={**kw, "pk": obj.pk}), "stay-employer", obj  # a prefixed form
    obj = GridFactory(community=world.a)
    return reverse("grids:edit", kwargs={**kw, "pk": obj.pk}), "name", obj


@pytest.mark.parametrize("kind", ["agreement", "plan_item", "hardship", "floating", "grid"])
def test_finding_8_the_other_edit_forms_use_the_same_lock(world, client_for, kind):
    """帮教责任书, plan items, hardship and floating registers, grids: one mechanism for every edit form."""
    url, field, obj = _other_forms(world, kind)
    client = client_for("staff")
    first = _posted(client, url, **{field: "甲的修改"})
    second = _posted(client, url, **{field: "乙的修改"})
    answer = client.post(url, first)
    assert answer.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)|alert-danger[^>]*>([^<]+)", answer.content.decode()
    )
    response = client.post(url, second)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field.split("-")[-1]) == "甲的修改"
