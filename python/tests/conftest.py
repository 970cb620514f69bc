"""Shared fixtures: the dfns-v1 vectors and the keyport CLI (for its reference cluster).

The package under test is the installed wheel: this suite is run from a copy outside the
source tree (scripts/ci-python.sh), and test_installed_wheel checks where keyport came from.
Paths come from the environment:

- KEYPORT_VECTORS: the tests/vectors/dfns-v1 directory of the repository;
- KEYPORT_BIN: the keyport CLI binary.

Under CI=true a missing one fails the run; elsewhere the tests that need it are skipped.
"""

import json
import os
import pathlib
import subprocess
from typing import Any, Dict, List

import pytest

CI = os.environ.get("CI") == "true"


def _path(var: str) -> pathlib.Path:
    value = os.environ.get(var)
    if not value or not pathlib.Path(value).exists():
        message = f"{var} is not set to an existing path"
        if CI:
            pytest.fail(message + " (required under CI=true)")
        pytest.skip(message)
    return pathlib.Path(value)


@pytest.fixture(scope="session")
def vectors() -> pathlib.Path:
    return _path("KEYPORT_VECTORS")


@pytest.fixture(scope="session")
def keyport_bin() -> pathlib.Path:
    return _path("KEYPORT_BIN")


def load(vectors: pathlib.Path, name: str) -> Dict[str, Any]:
    with open(vectors / name, encoding="utf-8") as f:
        return json.load(f)


class Cluster:
    """A file-based reference signer cluster driven through `keyport cluster`."""

    def __init__(self, binary: pathlib.Path, directory: pathlib.Path, n: int, envelope: str):
        self.binary = binary
        self.dir = directory
        self._run("cluster", "new", "--n", str(n), "--dir", str(directory), "--envelope", envelope)
        with open(directory / "signers.json", encoding="utf-8") as f:
            self.signers: Dict[str, Any] = json.load(f)

    def _run(self, *args: str) -> str:
        done = subprocess.run([str(self.binary), *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"keyport {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def accept(self, key_id: str, request: Dict[str, Any]) -> None:
        path = self.dir / f"{key_id}-import.json"
        path.write_text(json.dumps(request), encoding="utf-8")
        self._run("cluster", "accept", "--dir", str(self.dir), "--request", str(path),
                  "--key-id", key_id)

    def export(self, key_id: str, request: Dict[str, Any]) -> Dict[str, Any]:
        path = self.dir / f"{key_id}-export.json"
        path.write_text(json.dumps(request), encoding="utf-8")
        out = self._run("cluster", "export", "--dir", str(self.dir), "--key-id", key_id,
                        "--request", str(path))
        response: Dict[str, Any] = json.loads(out)
        return response


@pytest.fixture
def make_cluster(keyport_bin: pathlib.Path, tmp_path: pathlib.Path) -> Any:
    made: List[Cluster] = []

    def make(envelope: str, n: int = 5) -> Cluster:
        c = Cluster(keyport_bin, tmp_path / f"cluster-{len(made)}", n, envelope)
        made.append(c)
        return c

    return make
