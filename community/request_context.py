"""The request being served, for writes made below it without being handed it.

``RequestIdMiddleware`` binds the request; ``community.audit.log_action`` and ``User.set_password`` read it.
A module of its own, below the models, so that the models can read it without importing the audit.
"""

import contextvars

_current_request: contextvars.ContextVar = contextvars.ContextVar("tongxin_request", default=None)


def bind_request(request):
    """Make ``request`` the current one (``RequestIdMiddleware``); returns a token for :func:`unbind_request`."""
    return _current_request.set(request)


def unbind_request(token) -> None:
    _current_request.reset(token)


def current_request():
    """The request being served in this thread, or None (management commands, the background worker)."""
    return _current_request.get()
