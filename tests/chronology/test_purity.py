"""chronology/ is the part another project could reuse: it imports neither Django nor any of
Annals' apps, read from the source and proved in a fresh interpreter with no settings."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERNEL = ROOT / "chronology"
# What the kernel may lean on besides the standard library: the calendar conversions.
# Babel: CLDR data for dates and plurals in each language (chronology.wording).
THIRD_PARTY = {
    "babel",
    "convertdate",
    "dateutil",
    "hijridate",
    "korean_lunar_calendar",
    "lunardate",
}


def imported_tops(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            tops.add(node.module.split(".")[0])
    return tops


def test_the_kernel_imports_only_itself_the_standard_library_and_calendar_libraries():
    allowed = set(sys.stdlib_module_names) | THIRD_PARTY | {"chronology"}
    modules = sorted(KERNEL.rglob("*.py"))
    assert len(modules) >= 6
    foreign = {
        f"{path.relative_to(ROOT)} imports {top}"
        for path in modules
        for top in imported_tops(path) - allowed
    }
    assert foreign == set()


def test_importing_the_whole_kernel_loads_no_django_and_no_app():
    names = [f"chronology.{path.stem}" for path in sorted(KERNEL.glob("[!_]*.py"))]
    script = (
        "import importlib, json, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    apps = {"events", "timeline", "pages", "gateway", "seeds", "config"}
    assert "chronology" in loaded
    assert loaded & ({"django", "rest_framework", "celery"} | apps) == set()


def test_the_source_check_sees_a_forbidden_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from django.conf import settings\nimport events.models\nfrom . import dates\n"
    )
    assert imported_tops(probe) == {"django", "events"}
