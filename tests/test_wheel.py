"""The built wheel carries the course and finds it once installed (not from the source tree)."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_installs_and_finds_the_course(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("govtui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "govtui/_course/content/course.toml" in names
    assert "govtui/_course/content/regulation.txt" in names
    assert any(n.startswith("govtui/_course/quizzes/") for n in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # Dependencies come from this test environment (no network); govtui itself only from the wheel.
    target_site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )
    # Dependencies are made visible only after the install, so pip cannot mistake a govtui installed
    # in the test environment for this one.
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True,
    )
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    (target_site / "deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = (
        "import json, sys, govtui.cli, govtui.core.paths as p\n"
        "print(json.dumps({'file': govtui.cli.__file__, 'course': str(p.bundled_course_dir())}))\n"
    )
    where = json.loads(subprocess.run([python, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=tmp_path).stdout)
    assert where["file"].startswith(str(target_site)), "govtui must be imported from the installed wheel"
    assert where["course"] == str(target_site / "govtui" / "_course")

    result = subprocess.run(
        [bin_dir / "govtui", "check", "--json"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["articles"] == 56
