"""Every figure link of the dashboards, the completeness view and the report previews opens its rows, and a
number's list is exactly that long (or, for a figure that sums a column, totals exactly that much)."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reports.builders import rich_community

REPORTS = ["work-report", "annual-plan", "annual-summary"]


class _Links(HTMLParser):
    """The links inside <main>: (href, classes, text)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        if tag == "a" and self.depth and attrs.get("href"):
            self._open = [attrs["href"], attrs.get("class") or "", ""]

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag == "a" and self._open is not None:
            self.links.append(tuple(self._open))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


def links_of(html: str):
    parser = _Links()
    parser.feed(html)
    return parser.links


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def _follow(client, pages: list[str]) -> tuple[int, int]:
    """Open every link in <main> of ``pages``; check each figure link's list. (figure links, compared)."""
    figure_links = compared = 0
    seen = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href, classes, text in links_of(response.content.decode()):
            href = unescape(href)
            if href.startswith(("#", "mailto:")) or "print=1" in href or (href, text) in seen:
                continue
            seen.add((href, text))
            target = href if href.startswith("/") else page.split("?")[0] + href
            answer = client.get(target, follow=True)
            assert answer.status_code == 200, (
                f"{page}: {text.strip()!r} → {target} answered {answer.status_code}"
            )
            if "figure-link" not in classes:
                continue
            figure_links += 1
            number = _number(text)
            if number is None:  # a share (35.0%): its link opens the numerator's rows
                continue
            body = answer.content.decode()
            total = re.search(r'data-testid="row-total">([^<]+)<', body)
            count = int(re.search(r'data-testid="row-count">(\d+)<', body).group(1))
            shown = int(total.group(1)) if total else count
            assert shown == number, f"{page}: {text.strip()!r} → {target} lists {shown}"
            compared += 1
    return figure_links, compared


def _pages(world, year: int | None = None) -> list[str]:
    query = f"?year={year}" if year else ""
    return [reverse("dashboard:community", kwargs={"code": world.a.code}) + query] + [
        reverse("reports:preview", kwargs={"code": world.a.code, "identifier": r}) + query for r in REPORTS
    ]


@pytest.fixture
def rich(world):
    rich_community(world.a)
    return world


@pytest.mark.parametrize("past", [False, True], ids=["this-year", "last-year"])
def test_every_figure_link_of_the_secretary_opens_exactly_its_rows(rich, client_for, past):
    year = timezone.localdate().year - 1 if past else None
    figure_links, compared = _follow(client_for("secretary"), _pages(rich, year))
    assert figure_links > 80 and compared > 60, (figure_links, compared)


def test_every_counted_figure_of_the_secretarys_dashboard_is_a_link(rich, client_for):
    html = (
        client_for("secretary").get(reverse("dashboard:community", kwargs={"code": "HLS"})).content.decode()
    )
    cards = re.findall(r'<div class="figure" data-figure="([^"]+)">(.*?)</div>', html, re.S)
    assert cards and all("figure-link" in body for _name, body in cards), cards
    cells = re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", html)
    assert not cells, f"numbers shown without their rows: {cells}"


def test_the_street_office_follows_every_link_of_its_dashboards_and_previews(rich, client_for):
    street = reverse("street:dashboard", kwargs={"street_id": rich.street.pk})
    figure_links, _compared = _follow(client_for("street"), [street, *_pages(rich)])
    assert figure_links == 0  # named persons are not for the street office: figures are not links for it


def test_a_figure_whose_rows_cannot_be_listed_is_not_a_link(rich, client_for):
    from reports.figures import public_figures
    from reports.registry import ROWS, community_figures

    figures = public_figures(community_figures(rich.a, timezone.localdate()))
    # A figure lists its rows on the rows page (rows_key) or on its own register's rows page (url:
    # outreach.selectors.figures, where each register figure is measured on the rows that page lists).
    unlisted = sorted(name for name, f in figures.items() if not f.rows_key and not f.url)
    assert unlisted == ["辖区面积", "领导小组组长"]  # facts, not counts
    assert all(f.rows_key.partition(":")[0] in ROWS for f in figures.values() if f.rows_key)
