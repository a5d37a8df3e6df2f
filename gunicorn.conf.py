"""gunicorn's settings for Yardstick: `bin/serve` starts gunicorn with this file, sized from
the environment (docs/deploy.md):

WEB_CONCURRENCY      worker processes (default: 2 x CPUs + 1, gunicorn's own rule of thumb)
GUNICORN_THREADS     threads per worker (default 4): gthread workers, so a worker waiting on
                     the database or a slow client keeps serving others
GUNICORN_BIND        where to listen (default 127.0.0.1:8000, behind a reverse proxy on the
                     same machine; unix:/run/yardstick/gunicorn.sock works too)
GUNICORN_TIMEOUT     seconds before a stuck worker is restarted (default 120: the largest
                     report PDF takes about ten)
GUNICORN_ACCESS_LOG  true to log every request as a JSON line (default false: the reverse
                     proxy keeps the access log); /healthz is never logged
FORWARDED_ALLOW_IPS  gunicorn's own: who may set X-Forwarded-For (default 127.0.0.1)

Logs go to standard output as JSON lines, like Django's (yardstick/logs.py).
"""

import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        sys.exit(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


wsgi_app = "yardstick.wsgi:application"
chdir = str(ROOT)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
worker_class = "gthread"
workers = _whole_number("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _whole_number("GUNICORN_THREADS", 4)
timeout = _whole_number("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about a thousand requests, so a slow leak never grows for long.
max_requests = 1000
max_requests_jitter = 100
# Worker heartbeats on tmpfs, not a disk that may stall.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# gunicorn's control socket (one per user, by default) is not needed: systemd manages it.
control_socket_disable = True
proc_name = "yardstick"

_ACCESS_LOG = os.environ.get("GUNICORN_ACCESS_LOG", "").strip().lower() in {
    "true",
    "1",
    "yes",
    "on",
}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"access": {"()": "yardstick.logs.AccessLogFilter"}},
    "formatters": {"json": {"()": "yardstick.logs.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["access"],
        },
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # gunicorn drops the body Django writes for a HEAD request, as it should, and says so
        # each time: not worth a line.
        "gunicorn.http.wsgi": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "gunicorn.access": {
            "handlers": ["access"],
            "level": "INFO" if _ACCESS_LOG else "WARNING",
            "propagate": False,
        },
    },
}


def on_starting(server) -> None:
    """Refuse to start on settings that would fail every request: a missing SECRET_KEY stops
    here with its message, and so does a missing collectstatic (every page would be a 500)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
    from django.conf import settings  # the settings only: Django's apps load in the workers

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if settings.STATIC_HASHED and not settings.DEBUG and not manifest.exists():
        sys.exit(
            f"{manifest} is missing: run `manage.py collectstatic --noinput` first "
            "(docs/deploy.md)."
        )


def post_worker_init(worker) -> None:
    """Import every view and compile every template before the worker takes a request, so
    the first people after a start or a reload do not wait for it (yardstick.wsgi.warm_up)."""
    from yardstick.wsgi import warm_up

    started = time.perf_counter()
    compiled = warm_up()
    worker.log.info(
        "Worker %s warmed up: %d templates in %.1f s",
        worker.pid,
        compiled,
        time.perf_counter() - started,
    )
