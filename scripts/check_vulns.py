"""Check the pinned versions of requirements.lock against a vulnerability database (CI step, `make audit`).

Sources, in order:

1. ``OSV_EXPORT``: a local copy of OSV's PyPI export (``PyPI/all.zip`` from osv.dev's public bucket),
   brought in from a connected machine on a closed network — checked here, offline;
2. pip-audit against OSV's API, then against PyPI's JSON API.

A source counts only if it *judges*: a canary pin with published advisories (Django 4.2.0) must come back
vulnerable, otherwise the source is unreachable or empty (pip-audit then prints "could not be audited"
and finds nothing, which must not read as "no vulnerabilities"). Exit codes: 0 clean; 1 vulnerable pins
(listed); 0 with a warning when no source judged — or 2 when ``REQUIRE_VULN_DB=1`` — see docs/security.md.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CANARY = ("django", "4.2.0")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            found[normalize(match.group(1))] = match.group(2)
    return found


def osv_export(path: Path, wanted: dict[str, str]) -> dict[str, list[str]]:
    """Advisory ids per pinned package found vulnerable in an OSV export (a zip of JSON records)."""
    hits: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith(".json"):
                continue
            record = json.loads(archive.read(name))
            for affected in record.get("affected", []):
                package = affected.get("package", {})
                if package.get("ecosystem") != "PyPI":
                    continue
                key = normalize(package.get("name", ""))
                if key in wanted and wanted[key] in affected.get("versions", []):
                    hits.setdefault(key, []).append(record.get("id", name))
    return hits


def pip_audit(service: str, wanted: dict[str, str]) -> dict[str, dict] | None:
    """pip-audit's report per package it could judge with ``service``, or None when it gave no report."""
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "pins.txt"
        requirements.write_text("".join(f"{n}=={v}\n" for n, v in wanted.items()), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            service,
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "-r",
            str(requirements),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)  # noqa: S603
        except subprocess.TimeoutExpired:
            print(f"  pip-audit ({service}): timed out", file=sys.stderr)
            return None
    try:
        report = json.load(io.StringIO(done.stdout))
    except ValueError:
        last = (done.stderr.strip().splitlines() or ["no answer"])[-1]
        print(f"  pip-audit ({service}): {last[:300]}", file=sys.stderr)
        return None
    dependencies = report.get("dependencies", []) if isinstance(report, dict) else report
    for dependency in dependencies:
        if "skip_reason" in dependency:
            print(
                f"  pip-audit ({service}): {dependency['name']}: {dependency['skip_reason']}", file=sys.stderr
            )
    return {normalize(d["name"]): d for d in dependencies if "skip_reason" not in d}


def judges(service: str) -> bool:
    """Does ``service`` answer at all? The canary, a release with published advisories, must come back vulnerable."""
    report = pip_audit(service, {CANARY[0]: CANARY[1]})
    return bool(report and report.get(CANARY[0], {}).get("vulns"))


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    wanted = pins(lock)
    print(f"Checking {len(wanted)} pinned packages of {lock} against a vulnerability database.")
    results, source = None, ""
    if export := os.environ.get("OSV_EXPORT"):
        canary = osv_export(Path(export), {normalize(CANARY[0]): CANARY[1]})
        if canary:
            results, source = osv_export(Path(export), wanted), f"OSV export {export}"
        else:
            print(
                f"  {export}: the canary {CANARY[0]}=={CANARY[1]} is not in it; not a usable export.",
                file=sys.stderr,
            )
    for service in ("osv", "pypi"):
        if results is not None:
            break
        if not judges(service):
            print(
                f"  {service}: could not judge the canary {CANARY[0]}=={CANARY[1]}; not used.",
                file=sys.stderr,
            )
            continue
        report = pip_audit(service, wanted)
        if report is None or len(report) < len(wanted):
            print(
                f"  {service}: judged {len(report or {})} of {len(wanted)} pins; not used.", file=sys.stderr
            )
            continue
        results = {name: [v["id"] for v in d["vulns"]] for name, d in report.items() if d.get("vulns")}
        source = f"pip-audit ({service})"
    if results is None:
        print(
            "WARNING: no vulnerability database is reachable from this machine (OSV's API does not resolve, "
            "PyPI's JSON API answers 404); the pins were NOT checked. See docs/security.md "
            "(set OSV_EXPORT to an offline OSV export).",
            file=sys.stderr,
        )
        return 2 if os.environ.get("REQUIRE_VULN_DB") == "1" else 0
    if results:
        print(f"Vulnerable pins ({source}):")
        for name, ids in sorted(results.items()):
            print(f"  {name}=={wanted.get(name, '?')}: {', '.join(sorted(set(ids)))}")
        return 1
    print(f"No known vulnerabilities in the pinned versions ({source}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
