"""Create and refresh the project's virtual environment (.venv) with nothing but Python.

Used by scripts/run and scripts/test. It runs on any Python 3.8+, finds an interpreter
that Django 6 accepts (3.12 or newer), builds .venv with it, and reinstalls the pinned
dependencies whenever pyproject.toml changes.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".annals-installed"
MIN_VERSION = (3, 12)


def _version(executable: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    major, minor = out.split(".")
    return int(major), int(minor)


def find_python() -> str:
    """The newest interpreter >= 3.12: $ANNALS_PYTHON, then PATH, then pyenv's versions."""
    candidates = [os.environ.get("ANNALS_PYTHON", ""), sys.executable]
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in range(20, 11, -1)]
    candidates += sorted(
        glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")), reverse=True
    )
    candidates += sorted(glob.glob("/usr/local/bin/python3.*"), reverse=True)
    best: tuple[tuple[int, int], str] | None = None
    for candidate in filter(None, candidates):
        version = _version(candidate)
        if version and version >= MIN_VERSION and (best is None or version > best[0]):
            best = (version, candidate)
    if best is None:
        sys.exit(
            "Annals needs Python 3.12 or newer (Django 6 requires it) and none was found.\n"
            "Install one (e.g. `pyenv install 3.12`) or point ANNALS_PYTHON at it."
        )
    return best[1]


def ensure_venv() -> Path:
    """Return the venv's python, creating or refreshing the venv when needed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if VENV_PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return VENV_PYTHON
    if not VENV_PYTHON.exists() or (_version(str(VENV_PYTHON)) or (0, 0)) < MIN_VERSION:
        shutil.rmtree(VENV, ignore_errors=True)
        python = find_python()
        print(f"Creating .venv with {python}", flush=True)
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    print("Installing pinned dependencies into .venv (first run takes a minute)", flush=True)
    pip = [str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
    # The pinned requirements straight from pyproject.toml: the app runs from this folder,
    # so nothing needs building or installing as a package.
    read = (
        "import tomllib, sys; p = tomllib.load(open(sys.argv[1], 'rb'))['project'];"
        "print('\\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))"
    )
    requirements = subprocess.run(
        [str(VENV_PYTHON), "-c", read, str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    subprocess.run([*pip, "install", "--quiet", *requirements], check=True)
    STAMP.write_text(wanted)
    return VENV_PYTHON


def reexec_in_venv(script: str) -> None:
    """Run `script` again under the venv's interpreter unless that is already the case."""
    python = ensure_venv()
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(python), [str(python), script, *sys.argv[1:]])


def compile_translations() -> None:
    """The message catalogues (locale/*/LC_MESSAGES/django.po) into the .mo files Django
    reads: Babel's compiler, so that no GNU gettext is needed. Quick when nothing changed."""
    catalogues = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))
    if all(
        po.with_suffix(".mo").exists()
        and po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime
        for po in catalogues
    ):
        return
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "compile",
         "-d", str(ROOT / "locale"), "-D", "django"],
        check=True,
    )  # fmt: skip


def local_defaults() -> dict[str, str]:
    """The environment ./scripts/run and ./scripts/manage give the app on a developer's
    machine, unless already set: debug on (so no secret key is needed), and mail written
    to an outbox under var/ that the developer can read, instead of a server on port 25
    that is not there."""
    var = Path(os.environ.get("ANNALS_VAR_DIR") or ROOT / "var")
    defaults = {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}
    if not os.environ.get("EMAIL_HOST"):
        defaults["ANNALS_MAIL_OUTBOX"] = str(var / "outbox")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    return {name: os.environ[name] for name in defaults}
