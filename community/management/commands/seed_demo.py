"""Load the demo street office (idempotent). Apps add their ledgers through a ``demo`` module."""

import importlib

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from community.access import ACCESS_SCOPE
from community.caching import forget
from community.models import Community, Membership, Role, User
from community.services import community_ensure

DEMO_PASSWORD = "Tongxin@2026"
STREET = "七里河区西园街道"
DISTRICT = "七里河区"

# username, display name, role, community code (None: street/auditor/admin)
DEMO_USERS = [
    ("staff", ("马", "晓燕"), Role.STAFF, "HLS"),
    ("grid", ("李", "建国"), Role.GRID_WORKER, "HLS"),
    ("secretary", ("王", "秀兰"), Role.SECRETARY, "HLS"),
    ("staff_b", ("张", "丽"), Role.STAFF, "XBG"),
    ("secretary_b", ("杨", "文华"), Role.SECRETARY, "XBG"),
    ("street", ("刘", "志强"), Role.STREET, None),
    ("auditor", ("陈", "静"), Role.AUDITOR, None),
    ("admin", ("赵", "磊"), None, None),
]


class Command(BaseCommand):
    help = "载入演示数据：一个街道、华林山社区（HLS）与小北沟社区（XBG）及演示账号。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help=f"演示账号的密码（默认 {DEMO_PASSWORD}）"
        )

    def handle(self, *args, password, **options):
        with transaction.atomic():
            hls, _ = community_ensure(
                code="HLS", name="华林山社区", street_name=STREET, district_name=DISTRICT
            )
            xbg, _ = community_ensure(
                code="XBG", name="小北沟社区", street_name=STREET, district_name=DISTRICT
            )
            Community.objects.filter(pk=hls.pk).update(
                founded_on="2008-08-01",
                area_km2="0.70",
                boundary="地处华林山北坡，东起雷坛河，西靠下西园，南临华林坪社区，北接文化宫南部后门",
                office_cost_10k_yuan="44.00",
                office_area_m2="276.00",
                office_rooms="办事大厅、会议室、办公室、档案室、值班室、食堂",
                staff_civil_servants=2,
                staff_institutional=3,
                staff_hired=6,
            )
            Community.objects.filter(pk=xbg.pk).update(
                founded_on="2001-05-01", area_km2="2.00", boundary="位于西园路59号一带"
            )
            forget(ACCESS_SCOPE)  # update() sends no signal; the cached communities are read again
            communities = {"HLS": hls, "XBG": xbg}
            hashed = make_password(password)  # hashing is slow by design: once, not per user
            for username, (last, first), role, code in DEMO_USERS:
                self._ensure_user(
                    username, last, first, role, communities.get(code), hls.street, password, hashed
                )
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(
                stdout=self.stdout,
                communities={
                    "HLS": Community.objects.get(code="HLS"),
                    "XBG": Community.objects.get(code="XBG"),
                },
            )
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {password}）："))
        for username, _name, role, code in DEMO_USERS:
            what = Role(role).label if role else "系统管理员"
            where = (
                f"（{communities[code].name}）" if code else (f"（{STREET}）" if role == Role.STREET else "")
            )
            self.stdout.write(f"  {username:<10} {what}{where}")

    def _ensure_user(self, username, last, first, role, community, street, password, hashed):
        user, created = User.objects.get_or_create(
            username=username, defaults={"last_name": last, "first_name": first}
        )
        if created or not user.has_usable_password() or not user.check_password(password):
            user.password = hashed
        user.password_changed_at = timezone.now()
        user.is_system_admin = role is None
        user.is_staff = role is None  # the admin site, for the system admin only
        user.save()
        if role is None:
            return
        Membership.objects.get_or_create(
            user=user,
            role=role,
            community=community if role in (Role.STAFF, Role.GRID_WORKER, Role.SECRETARY) else None,
            street=street if role == Role.STREET else None,
        )
