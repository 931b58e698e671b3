import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from community.models import Community, Membership, StreetOffice, User

ROOT = Path(__file__).resolve().parents[2]


def test_add_community_is_idempotent(db):
    call_command("add_community", "TST", "测试社区", "--street", "测试街道", stdout=StringIO())
    call_command(
        "add_community", "TST", "测试社区", "--street", "测试街道", "--district", "某区", stdout=StringIO()
    )
    assert Community.objects.filter(code="TST").count() == 1
    street = StreetOffice.objects.get(name="测试街道")
    assert street.district.name == "某区"


def test_seed_demo_twice_gives_the_same_users_and_communities(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert set(Community.objects.values_list("code", flat=True)) == {"HLS", "XBG"}
    assert Membership.objects.count() == 7
    for username in ["staff", "grid", "secretary", "staff_b", "secretary_b", "street", "auditor", "admin"]:
        assert username in out.getvalue()
        assert User.objects.get(username=username).check_password("Tongxin@2026")
    admin = User.objects.get(username="admin")
    assert admin.is_system_admin and not admin.is_superuser


def test_seed_demo_takes_a_password(db):
    call_command("seed_demo", "--password", "Another#Pass1", stdout=StringIO())
    assert User.objects.get(username="staff").check_password("Another#Pass1")


@pytest.mark.parametrize("debug", ["0", ""])
def test_production_refuses_to_start_without_a_secret_key(debug, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG=debug, TONGXIN_ENV_FILE=str(tmp_path / "none"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
