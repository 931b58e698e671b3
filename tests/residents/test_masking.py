"""Finding 3 (High): ID masking gave the number away — the mask hid exactly the birth date, which every
page and export showed beside it. Now the mask keeps the last four only and, wherever a number is masked,
the birth date is masked too (year only); the audited reveal shows both."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from community.models import AuditLog
from residents import idnumber
from residents.services import resident_update
from tests.factories import HouseholdFactory, ResidentFactory

BIRTH = date(1986, 7, 23)


@pytest.fixture
def person(world):
    from grids.models import Grid

    resident = ResidentFactory(
        household=HouseholdFactory(community=world.a), name="马强", ethnicity="03", birth_date=BIRTH
    )
    resident.household.grid.workers.add(world.users["grid"])
    assert Grid.objects.filter(workers=world.users["grid"]).exists()
    return resident


def _leaks(text: str, resident) -> list[str]:
    """What in ``text`` would rebuild the number: the number, its first 14, the birth date in any form."""
    number = resident.id_number
    found = [part for part in (number, number[:6] + number[6:14], number[6:14]) if part in text]
    found += re.findall(r"1986[-/.年]0?7[-/.月]23", text)
    return found


def _pages(world, resident):
    kw = {"code": "HLS"}
    return [
        reverse("residents:detail", kwargs={**kw, "pk": resident.pk}),
        reverse("residents:edit", kwargs={**kw, "pk": resident.pk}),
        reverse("residents:list", kwargs=kw),
        reverse("residents:ledger", kwargs={**kw, "key": "minority"}),
        reverse("residents:household", kwargs={**kw, "pk": resident.household_id}),
        reverse("welfare:create", kwargs=kw) + f"?resident={resident.pk}",
    ]


@pytest.mark.parametrize("persona", ["grid", "staff", "secretary"])
def test_finding_3_no_page_shows_what_rebuilds_a_masked_number(world, client_for, person, persona):
    client = client_for(persona)
    opened = []
    for url in _pages(world, person):
        response = client.get(url)
        if response.status_code != 200:
            continue  # a page this role may not open
        text = response.content.decode()
        assert not _leaks(text, person), url
        opened.append(url)
    assert reverse("residents:detail", kwargs={"code": "HLS", "pk": person.pk}) in opened and len(opened) >= 4
    assert not AuditLog.objects.filter(action="resident.reveal_id").exists()


def test_finding_3_the_mask_keeps_neither_area_code_nor_birth_date():
    masked = idnumber.mask("62010219860723123X")
    assert masked == "**************123X" and "620102" not in masked and "19860723" not in masked


def test_finding_3_the_detail_page_masks_the_birth_date_beside_the_masked_number(world, client_for, person):
    page = client_for("grid").get(reverse("residents:detail", kwargs={"code": "HLS", "pk": person.pk}))
    text = page.content.decode()
    assert "1986-**-**" in text and idnumber.mask(person.id_number) in text


def test_finding_3_the_audited_reveal_shows_number_and_birth_date(world, client_for, person):
    client = client_for("grid")
    url = reverse("residents:reveal_id", kwargs={"code": "HLS", "pk": person.pk})
    swapped = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert person.id_number in swapped and "1986-07-23" in swapped and 'hx-swap-oob="true"' in swapped
    client.post(url)
    page = client.get(reverse("residents:detail", kwargs={"code": "HLS", "pk": person.pk})).content.decode()
    assert person.id_number in page and "1986-07-23" in page
    assert AuditLog.objects.filter(action="resident.reveal_id").count() == 2


@pytest.mark.parametrize("persona", ["grid", "secretary"])
def test_finding_3_a_masked_ledger_export_masks_the_birth_date_too(world, client_for, person, persona):
    response = client_for(persona).get(
        reverse("transfer:export", kwargs={"code": "HLS"}), {"ledger": "minority"}
    )
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in ws.iter_rows(min_row=3) for c in row if c.value is not None]
    assert idnumber.mask(person.id_number) in values and "1986-**-**" in values
    assert not _leaks(" ".join(values), person)


def test_finding_3_the_change_history_masks_a_changed_birth_date(world, client_for, person):
    from tests.factories import valid_id

    new_number = valid_id(date(1986, 7, 24))
    resident_update(
        resident=person, actor=world.users["staff"], id_number=new_number, birth_date=date(1986, 7, 24)
    )
    page = client_for("grid").get(reverse("residents:detail", kwargs={"code": "HLS", "pk": person.pk}))
    text = page.content.decode()
    assert "1986-07-23" not in text and "1986-07-24" not in text and new_number not in text


def test_finding_3_editing_without_touching_number_and_birth_date_keeps_both(world, client_for, person):
    client = client_for("staff")
    url = reverse("residents:edit", kwargs={"code": "HLS", "pk": person.pk})
    form = client.get(url).context["form"]
    data = {
        name: value for name, value in form.initial.items() if value not in (None, "") and name in form.fields
    }
    data.update(
        name="马强强",
        id_number="",
        birth_date="",
        ethnicity="03",
        sex="M",
        household=str(person.household_id),
        relation="head",
        residence_type="registered",
        political_status="masses",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    person.refresh_from_db()
    assert person.name == "马强强" and person.birth_date == BIRTH
