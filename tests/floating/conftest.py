import pytest


@pytest.fixture
def private_root(settings, tmp_path):
    """Uploads go to a temporary PRIVATE_ROOT, so that tests leave no files behind."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT
