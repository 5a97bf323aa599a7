"""The vendored files: `schema/ide/vendor.py` verifies them (offline, and against npm when it can reach
the registry), and a built wheel carries them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from schema.ide import HERE, STATIC

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600
PACKAGES = ["schema", "resolvers", "models", "jobs", "migrations", "bench"]


def _vendor(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )


def test_check_passes_on_the_committed_files() -> None:
    done = _vendor(HERE / "vendor.py", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all 4 match vendored.json" in done.stdout


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ide"
    shutil.copytree(HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_check_finds_a_changed_file(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    css = copy / "static" / "graphiql.min.css"
    css.write_bytes(css.read_bytes() + b"\n@import url(https://fonts.example/x.css);\n")
    done = _vendor(copy / "vendor.py", "--check")
    assert done.returncode == 1, done.stdout
    assert "DIFFERS graphiql.min.css: SHA-256 differs" in done.stdout


def _registry_reachable() -> bool:
    if shutil.which("npm") is None:
        return False
    try:
        return subprocess.run(["npm", "ping"], capture_output=True, timeout=30).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def test_the_npm_releases_match_the_files_here(tmp_path: Path) -> None:
    if not _registry_reachable():
        pytest.skip("npm or the npm registry is out of reach: `python schema/ide/vendor.py` needs both")
    done = _vendor(HERE / "vendor.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the npm releases match the files here" in done.stdout
    assert done.stdout.count("ok      ") == 4
    # --write (on a copy) rebuilds what is committed, byte for byte, from the files it removed.
    copy = _copy(tmp_path)
    for vendored in [*(copy / "licenses").iterdir(), copy / "vendored.json"]:
        vendored.unlink()
    for name in json.loads((HERE / "vendored.json").read_text(encoding="utf-8"))["files"]:
        (copy / "static" / name).unlink()
    done = _vendor(copy / "vendor.py", "--write")
    assert done.returncode == 0, done.stdout + done.stderr
    for path in HERE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert (copy / path.relative_to(HERE)).read_bytes() == path.read_bytes(), path


def test_a_built_wheel_carries_the_ide(tmp_path: Path) -> None:
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", "out", "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (source / "out").glob("duban-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    manifest = json.loads((HERE / "vendored.json").read_text(encoding="utf-8"))
    expected = {f"schema/ide/static/{name}" for name in [*manifest["files"], "ide.js", "ide.css"]}
    expected |= {f"schema/ide/licenses/{p}-LICENSE.txt" for p in manifest["packages"]}
    expected |= {"schema/ide/page.html", "schema/ide/vendored.json", "schema/ide/VENDORED.md"}
    assert expected <= names, sorted(expected - names)
    assert not any(name.endswith(".map") for name in names)
    assert {path.name for path in STATIC.iterdir()} == {
        n.rsplit("/", 1)[1] for n in expected if "/static/" in n
    }
