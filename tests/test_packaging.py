"""The distribution: entry points, bundled data, and a fast `--help`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

import commands
import workforce
from commands.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_commands_package_is_this_distributions():
    assert Path(commands.__file__).resolve().is_relative_to(ROOT) or "site-packages" in str(
        Path(commands.__file__).resolve().parent.parent)
    assert Path(commands.__file__).resolve().parent.parent == Path(
        workforce.__file__).resolve().parent.parent


def test_help_imports_no_heavy_modules():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from commands.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'ortools', 'pandas', 'matplotlib', 'docx') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "workforce", "--help"], capture_output=True,
                         text=True)
    assert out.returncode == 0
    assert "Usage: workforce" in out.stdout


def _all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{prefix}{name} ")


def test_every_command_has_help_text():
    missing = [name for name, command in _all_commands(cli) if not (command.help or "").strip()]
    assert missing == []


def test_bundled_reference_data_is_found():
    from workforce.reference.files import data_dir

    for name in ("aimh_framework.yaml", "nhs_bands.yaml", "service_model.yaml",
                 "placement_rules.yaml"):
        assert (data_dir() / name).is_file()
    assert (data_dir() / "sample" / "staff.csv").is_file()
