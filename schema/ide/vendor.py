"""Re-fetches the IDE's vendored files from the npm registry and checks them against vendored.json.

    python schema/ide/vendor.py            # fetch the pinned releases with npm, compare (writes nothing)
    python schema/ide/vendor.py --check    # offline: the files here match vendored.json and VENDORED.md
    python schema/ide/vendor.py --write    # after changing VERSIONS: copy the files, record their hashes

npm checks each tarball against the registry's integrity hash; this script then compares the tarball's
integrity and each file's SHA-256 with what vendored.json recorded when the files were vendored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
LICENSES = HERE / "licenses"
MANIFEST = HERE / "vendored.json"
NOTES = HERE / "VENDORED.md"
TABLE_START = "<!-- vendor.py table start -->"
TABLE_END = "<!-- vendor.py table end -->"

# graphiql 3.8.3 and React 18.2.0: the releases strawberry's own page loaded from a CDN until now.
VERSIONS = {"graphiql": "3.8.3", "react": "18.2.0", "react-dom": "18.2.0"}
# (package, file inside the tarball's package/ folder), served under static/ by its base name
FILES = [
    ("react", "umd/react.production.min.js"),
    ("react-dom", "umd/react-dom.production.min.js"),
    ("graphiql", "graphiql.min.js"),
    ("graphiql", "graphiql.min.css"),
]


@dataclass
class Release:
    """One npm release as fetched: what vendored.json records of it, and the bytes to vendor."""

    version: str
    integrity: str  # the tarball's, as the registry gives it
    license: str
    license_text: bytes
    files: dict[str, bytes]  # path inside package/ -> contents


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(workdir: Path) -> dict[str, Release]:
    """`npm pack` each pinned release into `workdir` (npm checks each tarball's integrity)."""
    specs = [f"{name}@{version}" for name, version in VERSIONS.items()]
    done = subprocess.run(
        ["npm", "pack", *specs, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    packed = {entry["name"]: entry for entry in json.loads(done.stdout)}
    releases = {}
    for name in VERSIONS:
        entry = packed[name]
        with tarfile.open(workdir / entry["filename"]) as tar:

            def read(member: str, tar: tarfile.TarFile = tar) -> bytes:
                handle = tar.extractfile(f"package/{member}")
                assert handle is not None, member
                return handle.read()

            releases[name] = Release(
                version=entry["version"],
                integrity=entry["integrity"],
                license=json.loads(read("package.json")).get("license", "?"),
                license_text=read("LICENSE"),
                files={source: read(source) for package, source in FILES if package == name},
            )
    return releases


def manifest_of(releases: dict[str, Release]) -> dict[str, Any]:
    """What vendored.json records: each release, and each vendored file's origin and SHA-256."""
    packages = {
        name: {"version": r.version, "integrity": r.integrity, "license": r.license}
        for name, r in releases.items()
    }
    files = {
        Path(source).name: {
            "package": package,
            "source": source,
            "sha256": sha256(releases[package].files[source]),
        }
        for package, source in FILES
    }
    return {"packages": packages, "files": files}


def table(manifest: dict[str, Any]) -> str:
    """The Markdown table VENDORED.md carries between its markers."""
    packages = manifest["packages"]
    rows = [
        "| file (static/) | package | version | source file | SHA-256 | licence |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, entry in manifest["files"].items():
        package = packages[entry["package"]]
        rows.append(
            f"| `{name}` | {entry['package']} | {package['version']} | `package/{entry['source']}` "
            f"| `{entry['sha256']}` | {package['license']} (`licenses/{entry['package']}-LICENSE.txt`) |"
        )
    rows += ["", "npm tarball integrity (as the registry gives it):", ""]
    rows += [f"- {name}@{p['version']}: `{p['integrity']}`" for name, p in packages.items()]
    return "\n".join(rows)


def check_here() -> list[str]:
    """Offline: what differs between the files here and vendored.json / VENDORED.md (empty: none)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems = []
    for name, entry in manifest["files"].items():
        path = STATIC / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256(path.read_bytes()) != entry["sha256"]:
            problems.append(f"{name}: SHA-256 differs from vendored.json")
    for package in manifest["packages"]:
        if not (LICENSES / f"{package}-LICENSE.txt").is_file():
            problems.append(f"licenses/{package}-LICENSE.txt: missing")
    if table(manifest) not in NOTES.read_text(encoding="utf-8"):
        problems.append("VENDORED.md: its table differs from vendored.json (run with --write)")
    return problems


def write(releases: dict[str, Release], manifest: dict[str, Any]) -> None:
    for package, source in FILES:
        (STATIC / Path(source).name).write_bytes(releases[package].files[source])
    for name, release in releases.items():
        (LICENSES / f"{name}-LICENSE.txt").write_bytes(release.license_text)
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    head, _, rest = NOTES.read_text(encoding="utf-8").partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    NOTES.write_text(f"{head}{TABLE_START}\n{table(manifest)}\n{TABLE_END}{tail}", encoding="utf-8")


def compare(manifest: dict[str, Any]) -> list[str]:
    """The files and releases whose fetched record differs from vendored.json's."""
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [
        name
        for kind in ("files", "packages")
        for name, entry in manifest[kind].items()
        if recorded[kind].get(name) != entry
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="offline: verify the files here")
    mode.add_argument("--write", action="store_true", help="fetch and replace the files here")
    args = parser.parse_args(argv)
    if args.check:
        problems = check_here()
        for problem in problems:
            print(f"DIFFERS {problem}")
        print("vendored files: " + ("differ" if problems else f"all {len(FILES)} match vendored.json"))
        return 1 if problems else 0
    if shutil.which("npm") is None:
        print("npm is not installed (apt-get install -y npm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="duban-ide-") as workdir:
        releases = fetch(Path(workdir))
    manifest = manifest_of(releases)
    if args.write:
        write(releases, manifest)
        print(f"wrote {len(FILES)} files, their licences, vendored.json and VENDORED.md")
        return 0
    differs = compare(manifest)
    for name in manifest["files"]:
        print(f"{'DIFFERS' if name in differs else 'ok':<8}{name}")
    problems = check_here() + [f"{name}: differs from vendored.json" for name in differs if name in VERSIONS]
    for problem in problems:
        print(f"DIFFERS {problem}")
    fine = not differs and not problems
    print("the npm releases " + ("match the files here" if fine else "differ from the files here"))
    return 0 if fine else 1


if __name__ == "__main__":
    sys.exit(main())
