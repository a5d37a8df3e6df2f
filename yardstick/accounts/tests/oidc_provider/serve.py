"""Run the test OpenID provider: read a JSON config on stdin, migrate a fresh SQLite
database, create the signing key, the directory's people and Yardstick's client, then serve
on a free 127.0.0.1 port and print `READY http://127.0.0.1:PORT`."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    config = json.loads(sys.stdin.read())
    os.environ["DJANGO_SETTINGS_MODULE"] = "yardstick.accounts.tests.oidc_provider.settings"
    os.environ["PROVIDER_DATABASE"] = config["database"]

    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    os.environ["PROVIDER_SITE_URL"] = url

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from yardstick.accounts.tests.oidc_provider.claims import UNVERIFIED_GROUP

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    unverified = Group.objects.create(name=UNVERIFIED_GROUP)
    for person in config["people"]:
        user = User.objects.create_user(
            person["username"], email=person["email"], password=person["password"]
        )
        if not person.get("email_verified", True):
            user.groups.add(unverified)
    client = Client(
        name="Yardstick",
        client_type="confidential",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        jwt_alg="RS256",
        require_consent=config["require_consent"],
        reuse_consent=False,
    )
    client.redirect_uris = config["redirect_uris"]
    client.scope = ["openid", "email", "profile"]
    client.save()
    code, _ = ResponseType.objects.get_or_create(
        value="code", defaults={"description": "code (Authorization Code Flow)"}
    )
    client.response_types.add(code)

    server.set_app(WSGIHandler())
    print(f"READY {url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
