"""Acceptance: the dependencies are pinned with hashes (a deployment installs what CI tested), and CI checks
the pinned versions against a vulnerability database — one that can judge, or it says none is reachable."""

import io
import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "scripts"))
import check_vulns  # noqa: E402


def _lock_entries() -> dict[str, str]:
    """name → the whole entry (its pin, marker and hashes) of requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {check_vulns.normalize(re.match(r"[A-Za-z0-9._-]+", e).group(0)): e for e in entries if e.strip()}


def test_every_pin_of_the_lock_carries_its_hashes():
    entries = _lock_entries()
    assert len(entries) > 50
    for name, entry in entries.items():
        assert re.match(r"[A-Za-z0-9._-]+==\S+", entry), name
        assert "--hash=sha256:" in entry, name


def test_every_dependency_of_pyproject_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    entries = _lock_entries()
    for requirement in declared:
        name = check_vulns.normalize(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))
        assert name in entries, f"{name} is declared in pyproject.toml but not pinned: run `make lock`"


def test_setup_installs_the_lock_with_hashes_and_ci_audits_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes --no-deps -r requirements.lock" in makefile
    assert "-e ." not in makefile
    assert "scripts/check_vulns.py requirements.lock" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _export(tmp_path, records) -> Path:
    path = tmp_path / "all.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for index, (name, versions) in enumerate(records):
            archive.writestr(
                f"PYSEC-{index}.json",
                json.dumps(
                    {
                        "id": f"PYSEC-TEST-{index}",
                        "affected": [{"package": {"ecosystem": "PyPI", "name": name}, "versions": versions}],
                    }
                ),
            )
    return path


def test_an_offline_osv_export_finds_a_vulnerable_pin(tmp_path, monkeypatch, capsys):
    pinned = check_vulns.pins(ROOT / "requirements.lock")
    version = pinned["django"]
    monkeypatch.setenv("OSV_EXPORT", str(_export(tmp_path, [("Django", ["4.2.0"]), ("django", [version])])))
    assert check_vulns.main(["check_vulns", str(ROOT / "requirements.lock")]) == 1
    assert f"django=={version}: PYSEC-TEST-1" in capsys.readouterr().out


def test_a_clean_offline_export_passes_and_an_export_without_the_canary_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("OSV_EXPORT", str(_export(tmp_path, [("Django", ["4.2.0"])])))
    assert check_vulns.main(["check_vulns", str(ROOT / "requirements.lock")]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("OSV_EXPORT", str(_export(empty, [])))
    monkeypatch.setattr(check_vulns, "judges", lambda service: False)  # and no service answers
    monkeypatch.setenv("REQUIRE_VULN_DB", "1")
    assert check_vulns.main(["check_vulns", str(ROOT / "requirements.lock")]) == 2


@pytest.mark.parametrize("reachable", [False, True])
def test_a_service_counts_only_when_it_judges_the_canary(monkeypatch, reachable):
    def fake(service, wanted):
        if not reachable:
            return {}  # pip-audit's "could not be audited": nothing judged
        return {
            check_vulns.normalize(n): {
                "name": n,
                "vulns": [{"id": "GHSA-x"}] if n == "django" and v == "4.2.0" else [],
            }
            for n, v in wanted.items()
        }

    monkeypatch.setattr(check_vulns, "pip_audit", fake)
    assert check_vulns.judges("osv") is reachable
    _ = io  # keep the import list honest for the parametrised cases


def test_without_a_reachable_database_ci_passes_and_says_loudly_the_pins_were_not_checked(
    monkeypatch, capsys
):
    """Offline (this build network): the CI step does not fail the build, and does not read as clean."""
    monkeypatch.delenv("OSV_EXPORT", raising=False)
    monkeypatch.delenv("REQUIRE_VULN_DB", raising=False)
    monkeypatch.setattr(check_vulns, "judges", lambda service: False)
    assert check_vulns.main(["check_vulns", str(ROOT / "requirements.lock")]) == 0
    out = capsys.readouterr()
    assert "the pins were NOT checked" in out.err and "No known vulnerabilities" not in out.out
