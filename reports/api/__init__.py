"""The read-only API for district and city platforms (/api/v1/): figures, ledgers and report archives.

Django REST framework with drf-spectacular (see README, "Read API"). Every endpoint is scoped by the
caller's token exactly as the pages are scoped by membership: another scope is 404, a token whose view
does not cover the endpoint is 403. Nothing here writes, except the audit row of each call.
"""
