"""The page cache end to end: nginx, configured by ``manage.py page_cache_nginx``, in front of
a live Django. Without nginx these tests skip, saying why; under CI (CI=true) they must run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from ciudadglobal.activities.models import Activity
from ciudadglobal.core.models import Visibility
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path, capsys):
    if NGINX is None:
        reason = "nginx not found: apt-get install -y nginx-light"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the page cache must be tested with nginx under CI. {reason}")
        pytest.skip(reason)
    settings.PAGE_CACHE_DIR = str(tmp_path / "cache")
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    port = _free_port()
    upstream = live_server.url.removeprefix("http://")
    call_command("page_cache_nginx", listen=f"127.0.0.1:{port}", upstream=upstream)
    site = capsys.readouterr().out
    temp = tmp_path / "nginx"
    temp.mkdir()
    config = tmp_path / "nginx.conf"
    # As root, nginx's workers run as nobody, who cannot enter pytest's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"{user}env TZ={settings.TIME_ZONE}; worker_processes 1;\n"
        f"pid {temp}/pid; error_log {temp}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {temp}; proxy_temp_path {temp};\n"
        f"fastcgi_temp_path {temp}; uwsgi_temp_path {temp}; scgi_temp_path {temp};\n{site}}}\n"
    )
    server = subprocess.Popen([NGINX, "-c", str(config), "-g", "daemon off;"])
    address = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield address
    server.terminate()
    server.wait(timeout=10)


def get(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_nginx_serves_saved_pages_and_a_publication_shows_at_once(nginx, government):
    old = f.ActivityFactory(
        home_government=government, title="Foro de alcaldes", visibility=Visibility.PUBLIC
    )
    status, headers, first = get(f"{nginx}/cdmx/activities/?kind=official_trip")
    assert status == 200 and "X-Page-Cache" not in headers  # rendered by Django, then saved
    status, headers, again = get(f"{nginx}/cdmx/activities/?kind=official_trip")
    assert headers.get("X-Page-Cache") == "hit" and again == first
    assert (
        headers["X-Frame-Options"] == "DENY"
        and "default-src 'self'" in (headers["Content-Security-Policy"])
    )
    assert headers["Content-Type"] == "text/html; charset=utf-8"

    f.ActivityFactory(
        home_government=government, title="Cumbre del clima", visibility=Visibility.PUBLIC
    )  # committed: the cache is dropped at once
    status, headers, page = get(f"{nginx}/cdmx/activities/?kind=official_trip")
    assert "X-Page-Cache" not in headers and "Cumbre del clima" in page

    Activity.objects.filter(pk=old.pk).update(visibility=Visibility.INTERNAL)
    status, headers, page = get(f"{nginx}/cdmx/activities/?kind=official_trip")
    assert "X-Page-Cache" not in headers and "Foro de alcaldes" not in page


def test_private_requests_and_records_never_come_from_the_cache(nginx, government):
    hidden = f.ActivityFactory(home_government=government, title="Reunión interna")
    for _ in range(2):
        status, headers, page = get(f"{nginx}/cdmx/activities/{hidden.pk}/")
        assert status == 404 and "X-Page-Cache" not in headers
        assert "Reunión interna" not in page
    get(f"{nginx}/api/v1/cdmx/activities?limit=5")
    status, headers, _ = get(f"{nginx}/api/v1/cdmx/activities?limit=5")
    assert headers.get("X-Page-Cache") == "hit"
    assert headers["Content-Type"].startswith("application/json")
    status, headers, _ = get(f"{nginx}/api/v1/cdmx/activities?limit=5", Authorization="Bearer x")
    assert "X-Page-Cache" not in headers
    status, headers, _ = get(f"{nginx}/cdmx/activities/", Cookie="sessionid=abc")
    assert "X-Page-Cache" not in headers
