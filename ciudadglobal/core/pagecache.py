"""Public pages as static files, for the front web server to serve without calling Django.

With ``PAGE_CACHE_DIR`` set, the response to an anonymous ``GET`` of a portal page or of the
public API is saved as a file under ``<PAGE_CACHE_DIR>/pages/<host><path>/``, named by its
query string (``page_file``). The front server (nginx, ``deploy/nginx-page-cache.conf``)
answers a request with no session cookie and no ``Authorization`` header from that file when it
exists, and passes it to Django otherwise; so a public page costs Django one rendering until
the data changes.

Exact invalidation: any committed ``INSERT``, ``UPDATE`` or ``DELETE`` on a table that can
show on a public page (all but ``QUIET_TABLES``) drops every saved page once its transaction
commits (``invalidate``); bulk writes and ``QuerySet.update()`` included, since the watch is
on the SQL each database connection runs (``watch_writes``). A rendering that raced with an
invalidation never survives it: the cache *generation* is read before the view reads
anything, and a page saved under an older generation is removed again (``save``).

Only what the public may see is saved: the request carries no session cookie and no
``Authorization`` header, the response is a ``200`` HTML or JSON page that sets no cookie, used
no CSRF token and is not marked ``private`` or ``no-store``, and the view belongs to the
``portal`` or ``api`` namespace and is not ``uncached`` (pages that change with the date or the
clock, or carry forms). With read replicas, such a request reads the primary: a lagging
replica must not put an old page into the cache after an invalidation.

``remembered`` keeps values under the same generation, for what pages compute alike whether
they are saved or not (the explorers' facet counts).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

from csp.utils import build_policy
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from multidb.pinning import pin_this_thread, unpin_this_thread

NAMESPACES = {"portal", "api"}
TYPES = {"text/html": ".html", "application/json": ".json"}
MAX_QUERY = 200
T = TypeVar("T")
# Tables whose rows never show on a public page: writing them leaves the cache alone.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "auth_user",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "axes_accessattemptexpiration",
        "django_tasks_database_dbtaskresult",
        "imports_importjob",
        "api_apitoken",
        "workflow_notification",
    }
)
_VERBS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "COPY", "MERGE", "ALTER", "DROP", "CREATE")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def uncached(view):
    """Mark ``view`` as never saved: its page changes with the clock or carries a form."""
    view.page_cache = False
    return view


def directory() -> Path | None:
    value = getattr(settings, "PAGE_CACHE_DIR", "")
    return Path(value) if value else None


def page_file(root: Path, day: str, host: str, path: str, query: str, suffix: str) -> Path | None:
    """Where the page for ``host``, ``path`` and ``query`` rendered on ``day`` (ISO date in
    ``TIME_ZONE``) is saved, as the front server looks for it on that day:
    ``pages/<day>/<host><path>/index[~<query>]<suffix>``; None for addresses it never serves
    from the cache (a long query, or one with ``/``). Pages are per day because some show
    what holds on the day (an agreement in force or expired)."""
    parts = path.split("/")
    if len(query) > MAX_QUERY or "/" in query or parts[0] or {".", ".."} & set(parts):
        return None
    name = f"index~{query}{suffix}" if query else f"index{suffix}"
    folder = (root / "pages" / day / host.lower()).joinpath(*filter(None, parts))
    return folder / name


def today() -> str:
    return timezone.localdate().isoformat()


def generation(root: Path) -> str:
    try:
        return (root / "generation").read_text()
    except FileNotFoundError:
        return ""


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process's cache until public data next changes or the day
    ends: the invalidation of the saved pages, for what many pages compute alike (the facet
    counts of the explorers). Without ``PAGE_CACHE_DIR`` nothing is kept. The generation is
    read before computing, so a value computed across a change is kept under a dead one."""
    root = directory()
    if root is None:
        return compute()
    return caches["default"].get_or_set(
        f"pagecache:{root}:{generation(root)}:{today()}:{key}", compute, timeout=None
    )


@contextmanager
def _locked(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def invalidate() -> None:
    """Drop every saved page (a new generation first, so that no rendering in flight survives)."""
    root = directory()
    if root is None:
        return
    with _locked(root):
        number = int(generation(root) or 0) + 1
        _write_atomic(root / "generation", str(number).encode())
        pages = root / "pages"
        if not pages.exists():
            return
        trash = root / f"trash-{number}"
        pages.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(root: Path, target: Path, content: bytes, started: str) -> bool:
    """Save ``content`` at ``target`` unless the cache was invalidated since ``started``
    (the generation when the request began); True if it stays."""
    try:
        _write_atomic(target, content)
    except OSError:
        return False  # the folder went away with an invalidation
    if generation(root) != started:
        target.unlink(missing_ok=True)
        return False
    return True


def cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


@cache
def security_headers() -> dict[str, str]:
    """The headers Django's middleware puts on every page, which the front server repeats on
    saved pages (HSTS apart: Django sends it only over HTTPS, nginx where TLS ends)."""
    headers = {
        "Content-Security-Policy": build_policy(),
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    }
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    return {name: value for name, value in headers.items() if value}


def cacheable_response(request: HttpRequest, response: HttpResponse) -> str | None:
    """The file suffix under which ``response`` may be saved, or None."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if response.get("Content-Security-Policy") != security_headers()["Content-Security-Policy"]:
        return None  # a page with a policy of its own (the API's docs relax it)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return None
    return TYPES.get(response.get("Content-Type", "").split(";")[0].strip())


class PageCacheMiddleware:
    """Saves the public pages the front server will serve (first in ``MIDDLEWARE``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        root = directory()
        if root is None or not cacheable_request(request):
            return self.get_response(request)
        request.page_cache_generation = generation(root)
        day = today()
        try:
            response = self.get_response(request)
        finally:
            if getattr(request, "page_cache_pinned", False):
                unpin_this_thread()
        suffix = cacheable_response(request, response)
        if suffix and getattr(request, "page_cache_view", False) and today() == day:
            host = request.get_host().rsplit(":", 1)[0]
            query = request.META.get("QUERY_STRING", "")
            target = page_file(root, day, host, request.path, query, suffix)
            if target is not None:
                save(root, target, response.content, request.page_cache_generation)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not hasattr(request, "page_cache_generation"):
            return None
        match = request.resolver_match
        if getattr(view_func, "page_cache", True) and NAMESPACES & set(match.namespaces):
            request.page_cache_view = True
            if getattr(settings, "REPLICA_DATABASES", None):
                pin_this_thread()  # a lagging replica must not feed the cache
                request.page_cache_pinned = True
        return None


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: a write to a table that can show on a public page drops
    the saved pages once it is committed."""
    result = execute(sql, params, many, context)
    if directory() is not None and _changes_public_data(sql):
        _invalidate_on_commit(context["connection"])
    return result


def _changes_public_data(sql: str) -> bool:
    verb = sql.lstrip()[:8].upper()
    if not verb.startswith(_VERBS):
        return False  # reads, transactions and savepoints, settings
    match = _WRITE.match(sql)
    return match is None or match.group(1).lower() not in QUIET_TABLES


def _invalidate_on_commit(connection) -> None:
    if connection.in_atomic_block and any(
        func is invalidate for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(invalidate, using=connection.alias)


def install(connection, **kwargs) -> None:
    """``connection_created`` receiver: watch the writes of every new connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


NGINX = """\
# Ciudad Global behind nginx with the page cache (manage.py page_cache_nginx; see
# ciudadglobal/core/pagecache.py). Public GETs are answered from the saved page when there is
# one; everything else, and every request with a session cookie or an Authorization header,
# goes to Django.
# nginx must keep Django's time zone, in its main context: env TZ={time_zone};
map $time_iso8601 $ciudadglobal_day {{
    "~^(?<day>\\d{{4}}-\\d{{2}}-\\d{{2}})" $day;
}}
map $args $ciudadglobal_query {{
    "" "";
    "~^[^/]{{1,{max_query}}}$" "~$args";
    default "/";
}}
map "$cookie_{session_cookie}$http_authorization" $ciudadglobal_bypass {{
    "" "";
    default "1";
}}
upstream ciudadglobal {{
    server {upstream};
    keepalive 64;
}}
server {{
    listen {listen};
    charset utf-8;
    charset_types application/json;
    types {{ text/html html; application/json json; }}
    location {static_url} {{
        alias {static_root}/;
        expires 7d;
    }}
    location / {{
        root {root}/pages/$ciudadglobal_day/$host;
        error_page 418 = @django;
        if ($ciudadglobal_bypass) {{ return 418; }}
        if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
        try_files $uri/index$ciudadglobal_query.html $uri/index$ciudadglobal_query.json @django;
{headers}
        add_header X-Page-Cache "hit" always;
    }}
    location @django {{
        proxy_pass http://ciudadglobal;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto {forwarded_proto};
    }}
}}
"""


def nginx_config(root: Path, *, listen: str, upstream: str, forwarded_proto: str) -> str:
    """The nginx ``http``-level configuration serving ``root`` (``page_cache_nginx``)."""
    headers = dict(security_headers())
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
        headers["Strict-Transport-Security"] = hsts
    return NGINX.format(
        max_query=MAX_QUERY,
        time_zone=settings.TIME_ZONE,
        session_cookie=settings.SESSION_COOKIE_NAME,
        upstream=upstream,
        listen=listen,
        static_url="/" + settings.STATIC_URL.strip("/") + "/",
        static_root=str(settings.STATIC_ROOT).rstrip("/"),
        root=str(root).rstrip("/"),
        headers="\n".join(f'        add_header {n} "{v}" always;' for n, v in headers.items()),
        forwarded_proto=forwarded_proto,
    )
