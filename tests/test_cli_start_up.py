"""The `yardstick` command starts with only what it needs: its help, `yardstick rate` and
`yardstick spc` never import Django (the two commands are run without it in
tests/test_rate_command.py and tests/test_spc_command.py), and the commands that need Django
skip its system checks (which import every URL configuration and view to check the project's
own code: `manage.py check` and `make test` run them)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import ManagementUtility

from tests.factories import OrganisationFactory
from yardstick.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def a_failing_check():
    """A system check that fails, registered for the test only."""

    def fails(**kwargs):
        return [checks.Error("A check that always fails.", id="tests.E001")]

    checks.register(fails)
    yield
    checks.registry.registry.registered_checks.discard(fails)


@pytest.mark.django_db
def test_yardstick_commands_do_not_run_djangos_system_checks(a_failing_check, tmp_path):
    OrganisationFactory()
    output = tmp_path / "themes.csv"
    assert main(["export", "themes", "-o", str(output)]) == 0
    assert output.read_text().startswith("year,plan,code,title")
    # The same command through manage.py runs the checks and stops at the error, before it
    # reads the database (each run closes the connections as it ends: hence this order).
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "export_data", "themes", "-o", "/dev/null"]).execute()
    assert exit.value.code == 1


@pytest.mark.parametrize(
    "arguments", [["--help"], ["report", "--help"], ["import", "--help"], ["spc", "--help"]]
)
def test_yardstick_help_does_not_import_django(arguments):
    code = (
        "import sys\n"
        "from yardstick.cli import main\n"
        "try:\n"
        f"    main({arguments!r})\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=False, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "usage: yardstick" in result.stdout
