"""The README's two commands and CI agree."""

from __future__ import annotations

import re

from conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv .+)\n```", text)


def test_readme_has_run_and_test_commands() -> None:
    run, test = readme_commands()
    assert run.endswith(".venv/bin/govtui")
    assert test.endswith(".venv/bin/python -m pytest -n 2")  # two workers: the suite fits in ~10 min on 2 cores


def test_ci_runs_the_readme_test_command() -> None:
    _, test = readme_commands()
    test_step = test.rsplit("&&", 1)[1].strip().replace(".venv/bin/python", '"$work/venv/bin/python"')
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    # Only environment settings may stand before the command: CI runs it in our users' zone and locale.
    settings, _, command = ci[-1].partition('"$work')
    assert '"$work' + command == test_step
    assert re.fullmatch(r"(?:[A-Z_]+=\S+ )*", settings), settings
    assert "TZ=Asia/Shanghai" in settings
    assert any('-m venv "$work/venv"' in line for line in ci)
    assert any('pip install --quiet ".[test]"' in line for line in ci)
