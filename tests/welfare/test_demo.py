"""The demo gives 华林山社区 exactly the seed's welfare figures (one slow test: it seeds the residents too)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Community
from welfare.models import Case
from welfare.selectors import coverage


@pytest.mark.django_db
def test_after_seeding_hls_coverage_equals_the_seeds_figures():
    call_command("seed_demo", stdout=StringIO())
    hls = Community.objects.get(code="HLS")
    today = date.today()
    cov = coverage(hls, today)
    dibao = cov["dibao"]
    assert (dibao.minority_persons, dibao.minority_households, dibao.persons) == (296, 120, 740)
    assert str(dibao.minority_person_share) == "40.0"
    rent = coverage(hls, today, housing_mode="subsidy")["housing"]
    assert (rent.minority_households, rent.households) == (25, 83)
    assert str(rent.minority_household_share) == "30.1"
    insurance = cov["medical_insurance"]
    assert insurance.minority_persons == 677 and str(insurance.minority_person_share) == "40.0"
    assert cov["student_aid"].persons > 0 and cov["employment"].persons > 0
    assert not Case.objects.filter(community=hls, type__code="student_aid", amount=None).exists()
    # idempotent: a second run adds no case
    before = Case.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == before
