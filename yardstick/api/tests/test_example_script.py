"""docs/examples/api_client.py, the script docs/api.md shows, run against a live server with
a measure owner's token: it reads a scorecard's ratings as every page shows them, submits a
figure, and an invalid figure is refused (422) with the entry form's reason."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from yardstick.accounts.access import access_for
from yardstick.api.tests.world import build_api_world
from yardstick.measures.models import Figure, FigureStatus
from yardstick.scorecards.rows import build_scorecard

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "api_client.py"


def load_script():
    spec = importlib.util.spec_from_file_location("api_client", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_script_with_a_token_reads_ratings_as_shown_and_submits_a_figure(
    transactional_db, live_server, capsys, monkeypatch
):
    api = build_api_world()
    world = api.world
    script = load_script()
    monkeypatch.setenv("YARDSTICK_URL", live_server.url)
    monkeypatch.setenv("YARDSTICK_TOKEN", api.tokens["owner"])
    measure, period = world.measures["PCT"], world.q2
    arguments = [world.council.slug, str(world.scorecard.pk), str(measure.pk), str(period.pk)]

    assert script.main([*arguments, "145%"]) == 1
    out, err = capsys.readouterr()
    report = build_scorecard(world.scorecard, world.q1, access_for(world.users["owner"]))
    for row in report.rows:  # the ratings as the scorecard page shows them
        assert f"{row.current.actual:>12}  {row.current.band_label or 'Not rated'}" in out
        assert row.code in out
    assert "Refused: A percentage must be between 0 and 100; 145 is above 100." in err
    assert Figure.objects.get(measure=measure, period=period).status == FigureStatus.SUBMITTED

    assert script.main([*arguments, "79.5%", "Up on last quarter."]) == 0
    out, _ = capsys.readouterr()
    figure = Figure.objects.get(measure=measure, period=period)
    assert (figure.value, figure.status) == (pytest.approx(79.5), FigureStatus.SUBMITTED)
    assert figure.commentary == "Up on last quarter."
    assert f"Figure 79.5 is submitted (version {figure.version})." in out
