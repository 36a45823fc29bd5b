"""Reads go to PostgreSQL streaming replicas, writes to the primary, and a person who just
saved reads their own change (ciudadglobal/core/replicas.py)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from glob import glob
from pathlib import Path

import multidb
import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from ciudadglobal.activities.models import Activity
from ciudadglobal.core.replicas import ReplicaMiddleware, ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def router(monkeypatch):
    monkeypatch.setattr(multidb, "get_replica", lambda: "replica1")
    return ReplicaRouter()


def read_during(request, router) -> tuple[str, HttpResponse]:
    """Where a read goes while ``request`` is served, and the response."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Activity))
        return HttpResponse()

    response = ReplicaMiddleware(view)(request)
    return seen[0], response


def test_outside_a_request_reads_go_to_the_primary(router):
    assert router.db_for_read(Activity) == "default"
    assert router.db_for_write(Activity) == "default"


def test_a_read_only_request_reads_a_replica_and_sets_no_cookie(router):
    database, response = read_during(RequestFactory().get("/cdmx/"), router)
    assert database == "replica1"
    assert "multidb_pin_writes" not in response.cookies
    assert router.db_for_read(Activity) == "default"  # the request is over


def test_a_write_reads_the_primary_and_pins_the_client(router, settings):
    database, response = read_during(RequestFactory().post("/workspace/new/trip/"), router)
    assert database == "default"
    cookie = response.cookies["multidb_pin_writes"]
    assert cookie["max-age"] == settings.MULTIDB_PINNING_SECONDS
    pinned = RequestFactory().get("/cdmx/")
    pinned.COOKIES["multidb_pin_writes"] = "y"
    assert read_during(pinned, router)[0] == "default"
    # The next client, which wrote nothing, reads a replica again.
    assert read_during(RequestFactory().get("/cdmx/"), router)[0] == "replica1"


def test_migrations_run_only_on_the_primary(router):
    assert router.allow_migrate("default", "activities")
    assert not router.allow_migrate("replica1", "activities")


# ---------------------------------------------------------------------------------------------
# A real primary and a real streaming replica on loopback


def _postgres_bin() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """Two PostgreSQL servers in a temporary folder: a primary and its streaming replica."""

    def __init__(self, bindir: Path, base: Path):
        self.bindir, self.base = bindir, base
        self.ports = {"primary": _free_port(), "replica": _free_port()}
        # PostgreSQL refuses to run as root: run it as the postgres account then.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, tool: str, *args: str) -> None:
        command = [*self.prefix, str(self.bindir / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.base, timeout=120)
        assert done.returncode == 0, f"{tool}: {done.stderr[-2000:]}"

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports[name]}/postgres"

    def start(self) -> None:
        if self.prefix:
            shutil.chown(self.base, "postgres")
        primary, replica = self.base / "primary", self.base / "replica"
        self.run("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        settings = (
            f"port = {self.ports['primary']}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.base}'\nwal_level = replica\n"
            "max_wal_senders = 4\nfsync = off\n"
        )
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(settings)
        self.run("pg_ctl", "-D", str(primary), "-l", str(self.base / "primary.log"), "-w", "start")
        self.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres"),
            *("-D", str(replica), "-R", "-X", "stream"),
        )
        with open(replica / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.ports['replica']}\nhot_standby = on\n")
        self.run("pg_ctl", "-D", str(replica), "-l", str(self.base / "replica.log"), "-w", "start")

    def stop(self) -> None:
        for name in ("replica", "primary"):
            if (self.base / name / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.base / name), "-m", "immediate", "stop")


@pytest.fixture
def cluster():
    bindir = _postgres_bin()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL's server programs (initdb, pg_ctl) are needed under CI")
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    # Not under pytest's own temporary folder: the postgres account cannot enter it.
    base = Path(tempfile.mkdtemp(prefix="ciudadglobal-replication-"))
    base.chmod(0o755)
    cluster = Cluster(bindir, base)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_a_person_who_saved_reads_the_primary_while_the_public_reads_the_replica(cluster):
    environment = {
        **os.environ,
        "DATABASE_URL": cluster.url("primary"),
        "DATABASE_REPLICA_URLS": cluster.url("replica"),
        "DJANGO_SETTINGS_MODULE": "ciudadglobal.settings",
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("replica_scenario.py"))],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "public before": "old",
        "saved": 302,
        "pinning cookie": True,
        "person after saving": "new",
        "public while the replica lags": "old",
        "public once replayed": "new",
    }
