"""The WSGI application, and `warm_up`, which gunicorn runs in each worker before it serves
(gunicorn.conf.py's post_worker_init)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
application = get_wsgi_application()


def warm_up() -> int:
    """Do in a new worker what its first requests would otherwise do while people wait:
    import every view (resolving the URLconf) and compile every template into the engine's
    cached loader. Touches no database. Returns the number of templates compiled."""
    from pathlib import Path

    from django.template import engines
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every urls module and its views)
    compiled = 0
    for engine in engines.all():
        folders = [Path(folder) for folder in engine.dirs]
        if engine.app_dirs:
            folders += [Path(folder) for folder in get_app_template_dirs("templates")]
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.suffix in {".html", ".txt", ".xml", ".svg"}:
                    engine.get_template(path.relative_to(folder).as_posix())
                    compiled += 1
    return compiled
