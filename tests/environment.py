"""The environment the test suite runs in, set before pytest-django reads the settings:
pytest loads this module first, as a plugin (`-p tests.environment` in pyproject.toml).

DEBUG stays off, as on a council's server. Each value is a default, so one already in the
environment wins:
- SECRET_KEY: a key for tests only (settings.py refuses to start without one);
- STATIC_HASHED=false: static files under their own names from the source folders, so the
  templates render without `collectstatic` (tests/production/ runs the hashed way);
- DATABASE_CONN_MAX_AGE=0: each test request closes its connection, so the test databases
  can be dropped at the end with nothing still connected;
- MEDIA_ROOT: a folder of the run's own, so the documents the tests keep (reports rendered
  by the worker) never land in the checkout's var/media.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-for-a-real-site-0123456789")
os.environ.setdefault("STATIC_HASHED", "false")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
if "MEDIA_ROOT" not in os.environ:
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="yardstick-test-media-")
    atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
