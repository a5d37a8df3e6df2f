"""A real OpenID Connect provider for the tests: django-oidc-provider in its own Django
project (settings.py, urls.py here), run in a subprocess on a free localhost port.

Yardstick's sign-in talks to it over HTTP exactly as to a council's identity provider:
discovery, authorization with a login page and a consent page, the token endpoint, the
signing keys, userinfo. Nothing is mocked.

    with running_provider(people=[...], redirect_uris=[...]) as provider:
        provider.url, provider.client_id, provider.client_secret, provider.discovery
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CLIENT_ID = "yardstick-tests"
CLIENT_SECRET = "a-client-secret-for-tests-only"
STARTUP_SECONDS = 120


@dataclass(frozen=True)
class ProviderPerson:
    """Someone in the council's directory (the provider's own accounts, not Yardstick's)."""

    username: str
    password: str
    email: str
    email_verified: bool = True


@dataclass(frozen=True)
class Provider:
    url: str  # http://127.0.0.1:PORT
    client_id: str
    client_secret: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    @property
    def discovery(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


@contextmanager
def running_provider(
    people: list[ProviderPerson], redirect_uris: list[str], require_consent: bool = True
) -> Iterator[Provider]:
    """Start the provider in a subprocess; stop it when the block ends."""
    with tempfile.TemporaryDirectory(prefix="yardstick-oidc-") as folder:
        config = {
            "database": str(Path(folder) / "provider.sqlite3"),
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "require_consent": require_consent,
            "people": [person.__dict__ for person in people],
        }
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "yardstick.accounts.tests.oidc_provider.serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[4],
        )
        try:
            process.stdin.write(json.dumps(config))
            process.stdin.close()
            url = _wait_until_ready(process)
            yield Provider(url=url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen) -> str:
    """Read the provider's output until it says READY <url>; fail with its output if it
    stops or takes too long."""
    lines: list[str] = []
    found: dict[str, str] = {}
    done = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("READY ") and not done.is_set():
                found["url"] = line.split()[1]
                done.set()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    done.wait(STARTUP_SECONDS)
    if "url" not in found:
        process.kill()
        raise RuntimeError("The test OpenID provider did not start:\n" + "".join(lines))
    return found["url"]
