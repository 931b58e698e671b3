"""gunicorn settings for Tongxin (deploy/tongxin.service passes ``-c deploy/gunicorn.conf.py``).

The access log names the path, never the query string or the Referer: a search may carry an ID or phone
number, and personal data stays out of logs (docs/security.md). nginx logs the same way (deploy/nginx.conf).
"""

bind = "127.0.0.1:8001"
workers = 4
timeout = 120
accesslog = "-"
# %(U)s is the path without its query; no %(r)s (request line), %(q)s (query) or %(f)s (Referer).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
# Only nginx on this machine may set X-Forwarded-Proto (the app reads it for HTTPS).
forwarded_allow_ips = "127.0.0.1"
