from django.core.management.base import BaseCommand, CommandError

from residents.scale import generate


class Command(BaseCommand):
    help = "生成规模测试数据：seed_scale 街道数:每街道社区数:每社区居民数（如 1:20:5000）。"

    def add_arguments(self, parser):
        parser.add_argument("scale", help="STREETS:COMMUNITIES:RESIDENTS")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        try:
            streets, communities, residents = (int(x) for x in scale.split(":"))
        except ValueError:
            raise CommandError("格式应为 街道数:社区数:居民数，如 1:20:5000") from None
        made = generate(streets, communities, residents, seed=seed, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"已生成 {len(made)} 个社区，共约 {len(made) * residents} 名居民。")
        )
