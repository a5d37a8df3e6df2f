"""Read a scorecard's ratings as Yardstick shows them, then enter a figure and submit it for
sign-off, with a personal API token (docs/api.md). Only the standard library is used.

    YARDSTICK_URL=https://performance.example.gov.uk YARDSTICK_TOKEN=ys_... \\
        python docs/examples/api_client.py demo 1 41 15 "12.5%" "Why it moved"

Arguments: the organisation's slug, the scorecard's id, the measure's id, the period's id,
the figure as you would type it on the entry page, and (optional) the commentary. A figure
the entry page would refuse is refused here with the same reasons, and nothing is saved.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request


class Refused(Exception):
    """The API answered with a problem (RFC 9457)."""

    def __init__(self, problem: dict):
        super().__init__(problem.get("detail", ""))
        self.problem = problem


def call(base: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        base.rstrip("/") + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise Refused(json.load(error)) from None


def ratings(base: str, token: str, organisation: str, scorecard: int) -> dict:
    """The scorecard as shown for its default period (the latest published)."""
    return call(base, token, "GET", f"/api/v1/organisations/{organisation}/scorecards/{scorecard}")


def submit(
    base: str,
    token: str,
    organisation: str,
    measure: int,
    period: int,
    value: str,
    commentary: str = "",
) -> dict:
    """Enter the figure and submit it for sign-off; answers the figure as saved."""
    path = f"/api/v1/organisations/{organisation}/measures/{measure}/figures/{period}"
    try:
        version = call(base, token, "GET", path)["version"]
    except Refused as refused:
        if refused.problem.get("status") != 404:
            raise
        version = 0  # no figure yet
    body = {"action": "submit", "value": value, "commentary": commentary, "version": version}
    return call(base, token, "PUT", path, body)


def main(argv: list[str]) -> int:
    base, token = os.environ["YARDSTICK_URL"], os.environ["YARDSTICK_TOKEN"]
    organisation, scorecard, measure, period, value, *rest = argv
    card = ratings(base, token, organisation, int(scorecard))
    print(f"{card['scorecard']['title']}, {card['period']['label']}")
    for row in card["rows"]:
        cell = row["current"]
        print(f"  {row['code']:<10} {cell['actual']:>12}  {cell['band_label'] or 'Not rated'}")
    try:
        figure = submit(base, token, organisation, int(measure), int(period), value, *rest)
    except Refused as refused:
        print(f"Refused: {refused.problem['detail']}", file=sys.stderr)
        for field, messages in refused.problem.get("errors", {}).items():
            print(f"  {field}: {' '.join(messages)}", file=sys.stderr)
        return 1
    print(f"Figure {figure['value']} is {figure['status']} (version {figure['version']}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
