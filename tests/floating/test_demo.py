"""seed_demo fills the floating register and the hardship households of both demo communities."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from community.models import Community
from residents.floating.models import FloatingResident, ServiceRecord
from residents.floating.selectors import floating_figures, reminders
from residents.hardship.models import HardshipHousehold
from residents.hardship.selectors import hardship_figures


def test_seed_demo_fills_both_registers_plausibly_and_once(db):
    call_command("seed_demo", stdout=StringIO())
    today = date.today()
    for code in ("HLS", "XBG"):
        community = Community.objects.get(code=code)
        floating = floating_figures(community, today)
        assert floating.persons > 40 and len(floating.by_province) >= 4 and sum(floating.arrivals) > 0
        hardship = hardship_figures(community, today)
        assert 0 < hardship.paired < hardship.households  # most paired, some gaps
        assert hardship.help_count > 0 and hardship.help_amount > 0
        due = reminders(FloatingResident.objects.filter(community=community), today)
        assert due.permits_expiring > 0 and due.unvisited > 0
    hls = hardship_figures(Community.objects.get(code="HLS"), today)
    assert (
        hls.minority_households == 150
    )  # the demo's minority hardship households, now counted as households
    assert floating_figures(Community.objects.get(code="HLS"), today).minority_persons > 0
    counts = (
        FloatingResident.objects.count(),
        ServiceRecord.objects.count(),
        HardshipHousehold.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        FloatingResident.objects.count(),
        ServiceRecord.objects.count(),
        HardshipHousehold.objects.count(),
    ) == counts
