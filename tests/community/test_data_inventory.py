"""docs/data-inventory.md lists every personal-data field of the inventoried models."""

import re
from pathlib import Path

from django.apps import apps

INVENTORY = Path(__file__).resolve().parents[2] / "docs" / "data-inventory.md"

# model → fields that carry no personal data (keys, links, flags, timestamps, codes)
INVENTORIED_MODELS = {
    "residents.Resident": {"id", "community", "created_at", "updated_at"},
    "residents.Household": {
        "id",
        "community",
        "grid",
        "subgrid",
        "compound",
        "building",
        "unit",
        "created_at",
    },
    "grids.Grid": {"id", "community", "number", "name", "cadre", "workers"},
    "grids.SubGrid": {"id", "community", "grid", "name"},
    "grids.Compound": {"id", "community", "grid", "subgrid", "name", "property_company"},
    "grids.OwnersCommittee": {"id", "compound", "name", "elected_on"},
    "grids.Building": {"id", "community", "compound", "number", "grid"},
    "grids.Unit": {"id", "community", "building", "number"},
    "welfare.Case": {"id", "community", "version", "created_by", "created_at", "updated_at"},
    "welfare.Attachment": {
        "id",
        "case",
        "storage_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    },
    "welfare.Transition": {"id", "case", "from_status", "to_status", "actor", "at"},
    "outreach.Visit": {
        "id",
        "community",
        "date",
        "purpose",
        "created_by",
        "created_at",
        "visitors",
        "plan_item",
    },
    "outreach.Dispute": {
        "id",
        "community",
        "received_on",
        "category",
        "is_petition",
        "status",
        "deadline",
        "handler",
        "settled_level",
        "closed_on",
        "created_by",
        "created_at",
    },
    "outreach.Agreement": {
        "id",
        "community",
        "signed_on",
        "term_start",
        "term_end",
        "created_by",
        "created_at",
    },
    "outreach.OrganisationMember": {"id", "organisation", "role", "title"},
    "outreach.ReligiousFigure": {"id", "community", "site", "created_at"},
    "outreach.JointVisit": {
        "id",
        "community",
        "site",
        "date",
        "topics",
        "follow_up_done_on",
        "created_by",
        "created_at",
    },
    "outreach.HalalEstablishment": {
        "id",
        "community",
        "name",
        "kind",
        "address",
        "grid",
        "licence_number",
        "licence_expires",
        "opened_on",
        "closed_on",
        "notes",
        "created_at",
    },
    "outreach.HalalComplaint": {
        "id",
        "community",
        "establishment",
        "received_on",
        "channel",
        "handled_on",
        "created_by",
        "created_at",
    },
    "outreach.Honour": {
        "id",
        "community",
        "kind",
        "building",
        "unit",
        "workplace",
        "year",
        "level",
        "stage",
        "nominated_on",
        "assessed_on",
        "named_on",
        "revoked_on",
        "created_by",
        "created_at",
    },
    "outreach.Commendation": {
        "id",
        "community",
        "title",
        "year",
        "level",
        "awarded_on",
        "awarded_by",
        "created_at",
    },
    "outreach.FundingReceipt": {
        "id",
        "funding",
        "storage_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    },
    "outreach.Training": {
        "id",
        "community",
        "date",
        "topic",
        "hours",
        "provider",
        "other_trainee_count",
        "notes",
        "created_by",
        "created_at",
    },
    "outreach.ReligiousSite": {
        "id",
        "community",
        "name",
        "kind",
        "address",
        "notes",
        "grid",
        "since",
        "closed_on",
        "joint_visits_from",
    },
    "outreach.JurisdictionUnit": {"id", "community", "name", "kind", "address", "notes"},
    "outreach.Event": {
        "id",
        "community",
        "plan_item",
        "type",
        "occasion",
        "title",
        "date",
        "place",
        "organiser",
        "religious_site",
        "partner_unit",
        "partner_team",
        "description",
        "other_participants",
        "status",
        "created_by",
        "created_at",
    },
}


def _listed() -> set[str]:
    return set(
        re.findall(r"^\| ([a-z_]+\.[A-Za-z]+\.[a-z_]+) \|", INVENTORY.read_text(encoding="utf-8"), re.M)
    )


def test_every_personal_field_of_the_inventoried_models_is_listed():
    listed = _listed()
    missing = []
    for label, exempt in INVENTORIED_MODELS.items():
        model = apps.get_model(label)
        for f in model._meta.get_fields():
            if f.auto_created and not f.concrete:
                continue  # reverse relations
            if f.name in exempt:
                continue
            if f"{label}.{f.name}" not in listed:
                missing.append(f"{label}.{f.name}")
    assert not missing, f"add these to docs/data-inventory.md (or exempt them as non-personal): {missing}"


def test_the_inventory_names_only_fields_that_exist():
    stale = []
    for entry in _listed():
        app_model, field = entry.rsplit(".", 1)
        model = apps.get_model(app_model)
        if field not in {f.name for f in model._meta.get_fields()}:
            stale.append(entry)
    assert not stale, stale
