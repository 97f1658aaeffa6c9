"""Settings from the environment, store specs, the one error shape for unexpected failures, plankg serve."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from loaders.errors import StoreError
from service.app import create_app
from service.config import ConfigError, Settings
from service.store import open_store
from service.store.embedded import EmbeddedStore
from service.store.remote import RemoteStore
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Settings()),
        ({"PLANKG_STORE": "memory:", "PLANKG_QUERY_TIMEOUT": "2.5"}, Settings(store="memory:", query_timeout=2.5)),
        ({"PLANKG_MAX_ROWS": "100", "PLANKG_MAX_QUERY_LENGTH": "500", "PLANKG_MAX_QUERY_DEPTH": "8"},
         Settings(max_rows=100, max_query_length=500, max_query_depth=8)),
        ({"PLANKG_TOKEN": "t0ken", "PLANKG_MAX_UPLOAD_BYTES": "10", "PLANKG_QUERY_WORKERS": "3"},
         Settings(token="t0ken", max_upload_bytes=10, query_workers=3)),
        ({"PLANKG_TOKEN": "", "PLANKG_MAX_ROWS": " "}, Settings()),
    ],
)
def test_settings_from_env(environ: dict[str, str], expected: Settings) -> None:
    assert Settings.from_env(environ) == expected


@pytest.mark.parametrize(
    "environ",
    [{"PLANKG_QUERY_TIMEOUT": "soon"}, {"PLANKG_MAX_ROWS": "0"}, {"PLANKG_QUERY_TIMEOUT": "-1"}, {"PLANKG_QUERY_WORKERS": "two"}],
)
def test_bad_settings_are_refused_with_the_variable_named(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(environ)


def test_store_specs(tmp_path: Path) -> None:
    assert isinstance(open_store("memory:"), EmbeddedStore)
    on_disk = open_store(f"embedded:{tmp_path / 'store'}")
    assert isinstance(on_disk, EmbeddedStore) and (tmp_path / "store").is_dir()
    on_disk.close()
    remote = open_store("sparql:http://127.0.0.1:7878/query,http://127.0.0.1:7878/update")
    assert isinstance(remote, RemoteStore) and remote.update_url == "http://127.0.0.1:7878/update"
    for bad in ("embedded:", "sparql:", "fuseki:http://x", "sparql:a,b,c"):
        with pytest.raises(StoreError):
            open_store(bad)


def test_a_store_in_use_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    first = open_store(f"embedded:{tmp_path / 'store'}")
    try:
        holder = subprocess.run(
            [sys.executable, "-c", f"from service.store import open_store; open_store('embedded:{tmp_path / 'store'}')"],
            capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        assert holder.returncode != 0 and "another plankg process" in holder.stderr
    finally:
        first.close()


def test_an_unexpected_failure_is_a_500_without_internals() -> None:
    app = create_app(store=open_store("memory:"), settings=Settings(store="memory:"))

    def boom() -> None:
        raise RuntimeError("secret detail /var/lib/plankg/password")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
        unknown = client.get("/no-such-route")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "code": "internal", "message": "internal error; the details are in the service log"}}
    assert "secret" not in response.text
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not-found"


def test_plankg_serve_answers_sparql_and_docs() -> None:
    port = free_port()
    env = dict(os.environ, PLANKG_STORE="memory:", PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(400):
            try:
                response = httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else "serve exited"
                time.sleep(0.05)
        assert response.status_code == 200 and response.json()["boolean"] is False
        assert httpx.get(f"{base}/docs").status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
