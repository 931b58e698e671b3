"""Everyday pages on the generated street office of the dashboard benchmark (reuses its database when present):
resident list, search by pinyin initials and by ID-number tail, resident detail, a ledger, the visits
checklist — each beside a minimal authenticated page measured in the same run (server time in-process,
median of runs)."""

from .common import row, setup_django, timed


def run() -> None:
    import os
    import subprocess

    exists = (
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{os.environ.get('BENCH_DB_PREFIX', '')}tx_bench_dashboards'",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        == "1"
    )
    setup_django("tx_bench_dashboards", fresh=not exists)
    from django.test import Client

    from community.models import Membership, User
    from residents.models import Resident
    from residents.scale import generate

    made = generate(1, 20, 5000, seed=8)
    community = made[0]
    staff, _ = User.objects.get_or_create(username="bench-staff")
    Membership.objects.get_or_create(user=staff, role="staff", community=community)
    client = Client()
    client.force_login(staff)
    someone = Resident.objects.filter(community=community).order_by("pk").first()
    base = f"/c/{community.code}"
    minimal = timed(lambda: client.get("/password/done/"), repeat=9)
    total = Resident.objects.count()
    print(
        f"\nEveryday pages, {total:,} residents on PostgreSQL ({Resident.objects.filter(community=community).count():,} in the community)"
    )
    for label, url in [
        ("resident list", f"{base}/residents/"),
        ("search by pinyin initials", f"{base}/residents/?q={someone.name_initials}"),
        ("search by ID-number tail (4)", f"{base}/residents/?q={someone.id_number[-4:]}"),
        ("resident detail", f"{base}/residents/{someone.pk}/"),
        ("ledger (少数民族)", f"{base}/residents/ledgers/minority/"),
        ("visits checklist", f"{base}/outreach/visits/checklist/"),
    ]:
        print(row(label, timed(lambda url=url: client.get(url), repeat=9), minimal))
