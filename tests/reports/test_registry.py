"""The figure registry (reports/registry.py) and the providers agree: every figure a provider gives is listed
there with its unit and its rows, every figure listed is given, each owner names a selector that exists, and
each listed figure says what it counts (reports/api/definitions.py)."""

import importlib
import re

import pytest
from django.apps import AppConfig, apps
from django.utils import timezone

from reports.api.definitions import DEFINITIONS, definition_of
from reports.figures import Figure, public_figures
from reports.registry import BY_NAME, ENTRIES, PER_ETHNICITY, ROWS, _pattern, community_figures, entry_for
from residents.models import Ethnicity
from tests.factories import HouseholdFactory
from tests.floating.helpers import make_stay
from tests.reports.builders import rich_community


def _resolve(path: str):
    """The object a dotted path names (module, then attributes); raises when it names nothing."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def test_every_owner_names_a_selector_that_exists_outside_reports_but_for_the_information_counts():
    for entry in ENTRIES:
        assert _resolve(entry.owner) is not None, entry
        assert not entry.owner.startswith("reports.") or entry.owner.startswith(
            "reports.information.selectors"
        )
    assert all(e.rows.partition(":")[0] in ROWS for e in ENTRIES if e.rows)


def test_nothing_is_registered_by_an_app_being_ready():
    assert type(apps.get_app_config("reports")).ready is AppConfig.ready


def _check_listed(given: dict) -> None:
    for name, figure in given.items():
        entry = entry_for(name, figure.rows_key)
        assert entry is not None, f"{name} is given but not listed in reports/registry.py"
        assert figure.unit == entry.unit, name
        if entry.outreach_rows:
            assert f"/figures/{entry.outreach_rows}/" in figure.url, name
            continue
        if figure.value is None and not figure.rows_key:  # a gap (no plan): no rows to list
            continue
        if entry in PER_ETHNICITY:
            code = re.match(_pattern(entry.rows), figure.rows_key)["code"]
            assert name == entry.name.replace("{民族}", Ethnicity.objects.get(code=code).name)
        else:
            assert figure.rows_key == entry.rows, name


@pytest.fixture
def given(world):
    rich_community(world.a)
    make_stay(
        household=HouseholdFactory(community=world.a), arrived_on=timezone.localdate()
    )  # {民族}流动人口数
    return public_figures(community_figures(world.a, timezone.localdate()))


def test_every_figure_given_is_listed_with_its_unit_and_rows(given, world):
    _check_listed(given)
    _check_listed(public_figures(community_figures(world.b, timezone.localdate())))  # nothing recorded: gaps


def test_every_figure_listed_is_given(given, world):
    assert sorted(set(BY_NAME) - set(given)) == []
    assert sorted(set(BY_NAME) - set(public_figures(community_figures(world.b, timezone.localdate())))) == []
    for entry in PER_ETHNICITY:
        assert any(entry_for(name, f.rows_key) is entry for name, f in given.items()), entry.name


def test_the_checks_see_an_unlisted_figure_and_a_wrong_unit(given):
    with pytest.raises(AssertionError, match="not listed"):
        _check_listed({"某某人数": Figure("某某人数", 1, "人", "registered")})
    with pytest.raises(AssertionError):
        _check_listed({"常住人口": Figure("常住人口", 1, "户", "registered")})
    with pytest.raises(AssertionError):
        _check_listed({"回族人口": Figure("回族人口", 1, "人", "ethnicity:01")})  # 01 is not 回族


def test_every_figure_listed_says_what_it_counts_and_every_definition_is_of_a_listed_figure():
    own = [e for e in BY_NAME.values() if not e.outreach_rows]
    assert [e.name for e in own if e.name not in DEFINITIONS] == []
    assert sorted(set(DEFINITIONS) - set(BY_NAME)) == []
    for entry in PER_ETHNICITY:
        if entry.rows.startswith("ethnicity"):  # 回族户数, 回族人口: said by their pattern
            assert definition_of(Figure(entry.name.replace("{民族}", "回族"), 1, entry.unit))
