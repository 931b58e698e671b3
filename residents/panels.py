"""The registry's panel on the community overview (filled in by the seed/overview work)."""


def overview_panel(request):
    return None
