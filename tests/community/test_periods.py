"""One period form for every page: junk years and dates fall back to the default with a message."""

from datetime import date

import pytest
from django.urls import reverse

from community.periods import read_period

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("params", "year", "on", "problems"),
    [
        ({}, 2026, TODAY, 0),
        ({"year": "2025"}, 2025, date(2025, 12, 31), 0),
        ({"date": "2025-06-30"}, 2025, date(2025, 6, 30), 0),
        ({"year": "2025", "date": "2026-03-01"}, 2025, date(2025, 12, 31), 0),  # the year wins
        ({"year": "abc"}, 2026, TODAY, 1),
        ({"year": "1"}, 2026, TODAY, 1),
        ({"year": "99999"}, 2026, TODAY, 1),
        ({"date": "2026-02-30"}, 2026, TODAY, 1),
        ({"year": "2025", "date": "2025-02-30"}, 2025, date(2025, 12, 31), 1),
        ({"date": "0001-01-01"}, 2026, TODAY, 1),
    ],
)
def test_read_period_falls_back_on_junk(params, year, on, problems):
    period = read_period(params, today=TODAY)
    assert (period.year, period.on, len(period.problems)) == (year, on, problems)


def test_a_junk_year_on_the_dashboard_says_so_in_chinese(world, client_for):
    response = client_for("secretary").get(
        reverse("dashboard:community", kwargs={"code": "HLS"}) + "?year=abc"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "年度应为 2000 至 2100 之间的年份" in text
    assert f"显示 {date.today().year} 年" in text


def test_a_junk_year_posted_to_the_narratives_is_refused(world, client_for):
    url = reverse("reports:narratives", kwargs={"code": "HLS", "identifier": "work-report"})
    response = client_for("staff").post(url, {"year": "abc", "section": "profile", "text": "x"})
    assert response.status_code == 400
