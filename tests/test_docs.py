"""Docs execute: the README's command examples run, and every setting is documented.

The README is what an analyst reads first; if one of its commands breaks, this
test fails before a user finds out. Routes and named queries have their own
"documented" tests (tests/service/test_rest.py, tests/queries/).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PLANKG = Path(sys.executable).parent / "plankg"

# `plankg serve` runs until stopped: tests/service/test_sparql_settings.py starts it for real.
LONG_RUNNING = {"serve"}


def readme_commands() -> list[str]:
    """The `plankg …` lines of the README's shell blocks, comments removed, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("plankg "):
                commands.append(line)
    return commands


def test_the_readme_shows_the_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make serve" in text and "make test" in text


def test_the_readme_shows_every_command() -> None:
    shown = {shlex.split(c)[1] for c in readme_commands()}
    help_text = subprocess.run([str(PLANKG), "--help"], capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"│ ([a-z][a-z-]+) {2,}", help_text))
    assert listed, help_text
    assert listed <= shown, f"commands missing from the README: {sorted(listed - shown)}"


def test_readme_examples_run(tmp_path: Path) -> None:
    env = dict(os.environ, PLANKG_STORE=f"embedded:{tmp_path / 'store'}", COLUMNS="200")
    ran = []
    for command in readme_commands():
        argv = shlex.split(command.replace("var/", f"{tmp_path}/"))
        if argv[1] in LONG_RUNNING:
            continue
        done = subprocess.run([str(PLANKG), *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert done.stdout.strip() or any(tmp_path.iterdir()), f"{command} printed nothing"
        ran.append(argv[1])
    assert {"extract", "load", "query", "review"} <= set(ran)


def _documented_settings() -> str:
    return (ROOT / "docs" / "service.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    sorted(set(re.findall(r'"(PLANKG_[A-Z_]+)"', (ROOT / "service" / "config.py").read_text(encoding="utf-8")))),
)
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in _documented_settings()
