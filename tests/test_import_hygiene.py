"""core/ must stay UI-free: it imports with Textual blocked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import govtui.core


def test_core_imports_without_textual() -> None:
    modules = [f"govtui.core.{m.name}" for m in pkgutil.iter_modules(govtui.core.__path__)]
    assert len(modules) >= 10
    code = (
        "import sys\n"
        "sys.modules['textual'] = None\n"  # any `import textual` now raises ImportError
        + "".join(f"import {name}\n" for name in modules)
        + "from govtui.core.course import open_course\n"
        "from govtui.core.paths import bundled_course_dir\n"
        "from govtui.core.check import check_course\n"
        "assert check_course(open_course(bundled_course_dir())).ok\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules if sys.modules[m])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cli_check_does_not_import_textual() -> None:
    code = (
        "import sys\nsys.modules['textual'] = None\n"
        "from govtui.cli import main\nraise SystemExit(main(['check']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
