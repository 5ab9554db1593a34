"""gunicorn settings for `make serve` and production.

    gunicorn --config config/gunicorn.conf.py config.wsgi

Every value can be changed from the environment; see docs/production.md.
"""

from __future__ import annotations

import multiprocessing
import os

bind = f"{os.getenv('HOST', '127.0.0.1')}:{os.getenv('PORT', '8000')}"
# Synchronous workers spend most of their time waiting for the database, so the usual
# 2 x cores + 1 keeps the CPUs busy. WEB_CONCURRENCY overrides it (also gunicorn's name).
workers = int(os.getenv("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count() + 1)))
# Longer than any page needs, shorter than a proxy's patience: a stuck worker is replaced.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace workers now and then so that slow memory growth cannot accumulate.
# GUNICORN_MAX_REQUESTS=0 never replaces them (the benchmark measures one worker's peak memory).
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
# Each worker draws its own limit between max_requests and max_requests + jitter. Workers share
# the load evenly, so with a small jitter they would all reach the limit, restart and start
# with a cold local cache within moments of each other; half the limit (1000 of 2000) spreads
# their restarts over 1000 requests each. With the shared cache (CACHE_URL) a
# restart loses nothing cached, only the process's warm-up.
max_requests_jitter = (
    int(os.getenv("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2))) if max_requests else 0
)
# gunicorn trusts X-Forwarded-Proto only from FORWARDED_ALLOW_IPS (default: this machine).
# One line per request on stdout; GUNICORN_ACCESS_LOG= (empty) turns it off.
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicorn 24+ opens a control socket at one fixed path per user by default; several
# servers on one machine (tests, the load test) would take it from each other. Unused here.
control_socket_disable = True
