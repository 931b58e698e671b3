"""The lockout check of django-axes, for logins that come through a request.

Authentication without a request (management commands, the test client's ``login``) has no address
to lock and is not counted; every login form of the portal passes its request.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
