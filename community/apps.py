from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("社区与权限")

    def ready(self):
        # Django app loading: the checks and signals are registered once the models are ready.
        from . import checks, signals  # noqa: F401
