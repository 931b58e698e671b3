"""The write path's two ends (community.records): a view hands a service its form's cleaned values, never a
half-built row; the service makes a new row itself or changes the stored one it is given."""

import datetime

import pytest
from django import forms

from community import versioning
from community.models import AuditLog
from community.records import assign, form_values
from outreach import services
from outreach.models import Event, EventType
from tests.outreach.factories import EventFactory


class EventValuesForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["type", "title", "date", "status", "other_participants", "participants"]


def test_form_values_are_the_cleaned_model_fields_without_many_to_many(db):
    kind = EventType.objects.order_by("order").first()
    form = EventValuesForm(
        {
            "type": kind.pk,
            "title": " 开斋节联欢 ",
            "date": "2026-03-30",
            "status": "held",
            "other_participants": "12",
            "participants": [],
        }
    )
    assert form.is_valid(), form.errors
    form.cleaned_data["extra"] = "kept"
    assert form_values(form) == {
        "type": kind,
        "title": "开斋节联欢",
        "date": datetime.date(2026, 3, 30),
        "status": "held",
        "other_participants": 12,
    }
    assert form_values(form, "extra")["extra"] == "kept"
    assert form.instance.pk is None  # nothing was saved


def test_assign_puts_values_on_a_row_as_a_model_form_does(db):
    kind = EventType.objects.order_by("order").first()
    row = assign(Event(), {"type": kind, "title": "座谈", "other_participants": 3})
    assert (row.type_id, row.title, row.other_participants, row.pk) == (kind.pk, "座谈", 3, None)


def test_a_service_makes_the_new_row_from_values_and_audits_it(world):
    staff = world.users["staff"]
    kind = EventType.objects.filter(needs_occasion=False).order_by("order").first()
    event = services.event_save(
        community=world.a,
        actor=staff,
        participants=[],
        type=kind,
        title="民族政策讲座",
        date=datetime.date(2026, 3, 1),
        status="held",
    )
    stored = Event.objects.get(pk=event.pk)
    assert (stored.community_id, stored.created_by_id, stored.title) == (world.a.pk, staff.pk, "民族政策讲座")
    assert AuditLog.objects.filter(action="outreach.event.create", object_id=str(event.pk)).exists()


def test_a_service_changes_the_stored_row_it_is_given_and_refuses_a_stale_token(world):
    staff = world.users["staff"]
    event = EventFactory(community=world.a, title="旧名称")
    token = versioning.fingerprint(event, ("participants", "religious_figures"))
    services.event_save(community=world.a, actor=staff, event=event, title="新名称", edit_token=token)
    assert Event.objects.get(pk=event.pk).title == "新名称"
    assert AuditLog.objects.filter(action="outreach.event.update", object_id=str(event.pk)).exists()
    with pytest.raises(versioning.ConcurrentEdit):  # the token is of the row before the change above
        services.event_save(
            community=world.a,
            actor=staff,
            event=Event.objects.get(pk=event.pk),
            title="再改",
            edit_token=token,
        )
    assert Event.objects.get(pk=event.pk).title == "新名称"
