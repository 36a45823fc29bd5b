"""The public page cache: what is saved, for whom, and that every change drops it at once."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from ciudadglobal.activities.models import Activity
from ciudadglobal.core import pagecache
from ciudadglobal.core.models import Visibility, WorkflowState
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_dir(settings, tmp_path):
    settings.PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    return tmp_path / "pagecache"


def saved(cache_dir, path, query="", suffix=".html"):
    return pagecache.page_file(cache_dir, pagecache.today(), "testserver", path, query, suffix)


@pytest.fixture
def published(government):
    return f.ActivityFactory(
        home_government=government, title="Foro de alcaldes", visibility=Visibility.PUBLIC
    )


def test_an_anonymous_portal_page_is_saved_as_the_front_server_looks_for_it(
    client, published, cache_dir
):
    response = client.get("/cdmx/activities/", {"kind": "official_trip"})
    target = saved(cache_dir, "/cdmx/activities/", "kind=official_trip")
    assert response.status_code == 200
    day = timezone.localdate().isoformat()
    assert target == (
        cache_dir / "pages" / day / "testserver/cdmx/activities/index~kind=official_trip.html"
    )
    assert target.read_bytes() == response.content
    client.get(f"/en/cdmx/activities/{published.pk}/")
    assert saved(cache_dir, f"/en/cdmx/activities/{published.pk}/").exists()


def test_public_api_answers_are_saved_as_json(client, published, cache_dir):
    response = client.get("/api/v1/cdmx/activities", {"limit": 5})
    target = saved(cache_dir, "/api/v1/cdmx/activities", "limit=5", ".json")
    assert target.read_bytes() == response.content


def test_without_a_directory_nothing_is_saved(client, settings, tmp_path, published):
    settings.PAGE_CACHE_DIR = ""
    assert client.get("/cdmx/activities/").status_code == 200
    assert not any(tmp_path.rglob("index*"))


def test_what_is_never_saved(client, government, published, user, cache_dir):
    hidden = f.ActivityFactory(home_government=government, visibility=Visibility.INTERNAL)
    assert client.get(f"/cdmx/activities/{hidden.pk}/").status_code == 404
    assert client.get("/cdmx/nothing-here/").status_code == 404
    assert client.get("/cdmx/indicators/").status_code == 200  # computed for today
    assert client.get("/cdmx/participation/").status_code == 200  # open with the clock
    assert client.get("/cdmx/activities/", HTTP_AUTHORIZATION="Bearer x").status_code == 200
    assert client.get("/cdmx/activities/?q=a/b").status_code == 200  # "/" in query
    assert client.get("/cdmx/activities/", {"q": "x" * 300}).status_code == 200  # long
    assert not (cache_dir / "pages").exists() or not any((cache_dir / "pages").rglob("index*"))
    client.force_login(user)  # a signed-in person: a session cookie
    assert client.get("/cdmx/activities/").status_code == 200
    assert not saved(cache_dir, "/cdmx/activities/").exists()


def test_a_page_that_sets_a_cookie_or_uses_a_csrf_token_is_not_saved(rf, cache_dir):
    from csp.utils import build_policy
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    request = rf.get("/cdmx/")
    policy = {"Content-Security-Policy": build_policy()}
    response = HttpResponse("<p>hi</p>", headers=policy)
    assert pagecache.cacheable_response(request, response) == ".html"
    get_token(request)
    assert pagecache.cacheable_response(request, response) is None
    request = rf.get("/cdmx/")
    response.set_cookie("x", "1")
    assert pagecache.cacheable_response(request, response) is None
    private = HttpResponse("<p>hi</p>", headers=policy | {"Cache-Control": "private"})
    assert pagecache.cacheable_response(request, private) is None
    relaxed = HttpResponse("<p>hi</p>", headers={"Content-Security-Policy": "default-src *"})
    assert pagecache.cacheable_response(request, relaxed) is None
    csv = HttpResponse("a,b", content_type="text/csv", headers=policy)
    assert pagecache.cacheable_response(request, csv) is None


@pytest.fixture
def draft(government):
    return f.ActivityFactory(
        home_government=government,
        title="Cumbre del clima",
        visibility=Visibility.PUBLIC,
        state=WorkflowState.DRAFT,
    )


# The data of each test is written before the cache is switched on (``cache_dir`` comes last):
# a write inside the test's own transaction would already hold the invalidation that
# ``django_capture_on_commit_callbacks`` is to catch.


def test_a_publication_is_seen_at_once(
    client, draft, django_capture_on_commit_callbacks, cache_dir
):
    assert "Cumbre del clima" not in client.get("/cdmx/").content.decode()
    assert saved(cache_dir, "/cdmx/").exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft.state = WorkflowState.PUBLISHED
        draft.save()
    assert not saved(cache_dir, "/cdmx/").exists()
    assert "Cumbre del clima" in client.get("/cdmx/").content.decode()


def test_a_withdrawal_by_a_bulk_update_is_seen_at_once(
    client, published, django_capture_on_commit_callbacks, cache_dir
):
    assert "Foro de alcaldes" in client.get("/cdmx/activities/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Activity.objects.filter(pk=published.pk).update(visibility=Visibility.INTERNAL)
    assert not saved(cache_dir, "/cdmx/activities/").exists()
    assert "Foro de alcaldes" not in client.get("/cdmx/activities/").content.decode()


def test_facet_counts_are_remembered_until_a_change(
    client, published, user, django_capture_on_commit_callbacks, cache_dir
):
    """The explorers' facet counts are computed once per generation (``remembered``), also
    for pages never saved (a signed-in person), and a change is counted at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)

    def kinds() -> str:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/cdmx/activities/", {"q": "alcaldes"}).content.decode()
        counted = [q for q in queries if "COUNT(" in q["sql"] and "GROUP BY" in q["sql"]]
        return page.split('name="kind"')[1].split("</select>")[0], len(counted)

    first, grouped = kinds()
    assert "(1)" in first and grouped > 0
    assert kinds() == (first, 0)
    with django_capture_on_commit_callbacks(execute=True):
        f.ActivityFactory(
            home_government=published.home_government,
            kind=published.kind,
            visibility=Visibility.PUBLIC,
        )
    changed, grouped = kinds()
    assert "(2)" in changed and grouped > 0


def test_a_rolled_back_write_and_a_quiet_table_leave_the_cache(
    client, published, django_capture_on_commit_callbacks, cache_dir
):
    client.get("/cdmx/activities/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now())
    assert callbacks == []
    assert saved(cache_dir, "/cdmx/activities/").exists()


def test_invalidations_are_counted_once_per_transaction(
    government, django_capture_on_commit_callbacks, cache_dir
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        f.ActivityFactory.create_batch(3, home_government=government)
    assert callbacks.count(pagecache.invalidate) == 1
    assert pagecache.generation(cache_dir) == "1"


def test_a_page_rendered_before_an_invalidation_does_not_survive_it(cache_dir):
    started = pagecache.generation(cache_dir)
    target = pagecache.page_file(cache_dir, "2026-01-02", "testserver", "/cdmx/", "", ".html")
    pagecache.invalidate()  # a publication commits while the page was being rendered
    assert not pagecache.save(cache_dir, target, b"old", started)
    assert not target.exists()
    assert pagecache.save(cache_dir, target, b"new", pagecache.generation(cache_dir))
    assert target.read_bytes() == b"new"


def test_a_page_rendered_across_midnight_is_not_saved(client, published, monkeypatch, cache_dir):
    days = itertools.chain(["2026-01-01"], itertools.repeat("2026-01-02"))
    monkeypatch.setattr(pagecache, "today", lambda: next(days))
    assert client.get("/cdmx/activities/").status_code == 200
    assert not (cache_dir / "pages").exists()


@pytest.mark.parametrize(
    "path, query",
    [("/cdmx/../etc/", ""), ("/cdmx/", "a=/etc/passwd"), ("relative/", ""), ("/x/", "q" * 201)],
)
def test_addresses_that_are_never_files(path, query, cache_dir):
    assert pagecache.page_file(cache_dir, "2026-01-02", "testserver", path, query, ".html") is None
