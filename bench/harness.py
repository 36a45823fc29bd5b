"""The benchmark of issue 9: Ciudad Global on PostgreSQL + gunicorn, Datasette over the same
public rows in SQLite, and nginx serving the same responses as static files, in one run.

Run through ``bench/run`` (see ``docs/performance.md``). Steps:

1. (Re)create the PostgreSQL database ``--db``, migrate it and write the synthetic network
   (``manage.py generate_network``) at ``--scale`` (1 = the reference: 1,000 governments,
   200,000 actors, 100,000 agreements, 1,000,000 activities); ``--reuse`` keeps a database
   already generated with the same options.
2. Serve it with gunicorn (``--workers`` processes, ``CIUDAD_ENV=production``, DEBUG off) on
   loopback, the requests carrying ``X-Forwarded-Proto: https`` as behind the TLS proxy.
3. Export the public rows (published and public, what the portal and API show) of actors,
   agreements and activities to SQLite with the same indexes and a full-text index, and serve
   them with Datasette 0.65 (its own virtualenv, ``bench/.venv-datasette``).
4. Save each measured response to a file and serve those files with nginx; the same nginx is
   the production front server (``manage.py page_cache_nginx``): public pages answered from
   the page cache (``ciudadglobal/core/pagecache.py``), the rest passed to gunicorn.
5. Drive each of the four with ``wrk`` for ``--duration`` seconds per URL at concurrency 1 and
   32 and print p50, p95 and requests/s, and the ratios.
6. Time the semiannual report (HTML and PDF) of the largest government and an import of
   ``--import-rows`` activities with ``manage.py import_records`` (dry run, commit, again).

Results are printed and written to ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATASETTE = BENCH / ".venv-datasette" / "bin" / "datasette"
LUA = BENCH / "report.lua"
PORTS = {"django": 8701, "datasette": 8702, "nginx": 8703, "front": 8704}
# What each measured server is, in the table.
SERVERS = {
    "django": "Ciudad Global alone (gunicorn)",
    "front": "Ciudad Global in production (nginx + page cache + gunicorn)",
    "datasette": "Datasette",
    "nginx": "nginx, the same response as a static file",
}
REFERENCE_GOVERNMENTS = 1000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(env: dict, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([str(PYTHON), str(ROOT / "manage.py"), *args], env=env, check=True)
    return time.monotonic() - started


def psql(base: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else ""


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def fetch(url: str, headers: dict | None = None, timeout: int = 120) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read(), response.headers.get("Content-Type", "")


def wrk(url: str, concurrency: int, duration: int, headers: dict | None = None) -> dict:
    threads = min(concurrency, 2)
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "30s"]
    command += ["-s", str(LUA)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    return json.loads(line[5:])


# -- the data ----------------------------------------------------------------------------


def prepare_database(args, env: dict) -> None:
    exists = psql(args.pg, f"SELECT 1 FROM pg_database WHERE datname = '{args.db}'")
    marker = BENCH / "out" / f"{args.db}.generated"
    wanted = f"governments={args.governments} scale={args.per_government} seed={args.seed}"
    if args.reuse and exists and marker.exists() and marker.read_text() == wanted:
        log(f"reusing database {args.db} ({wanted}); migrating it to this code")
        manage(env, "migrate", "-v0")
        return
    psql(args.pg, f'DROP DATABASE IF EXISTS "{args.db}"')
    psql(args.pg, f'CREATE DATABASE "{args.db}"')
    log("migrating")
    manage(env, "migrate", "-v0")
    log(f"generating {wanted}")
    seconds = manage(
        env,
        "generate_network",
        f"--governments={args.governments}",
        f"--scale={args.per_government}",
        f"--seed={args.seed}",
    )
    log(f"generated in {seconds:.0f} s; analysing")
    psql_db(args, "VACUUM ANALYZE")
    marker.write_text(wanted)
    RESULTS["generate_seconds"] = round(seconds, 1)


def psql_db(args, sql: str):
    import psycopg

    with psycopg.connect(f"{args.pg}/{args.db}", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else None


def pick_targets(args) -> dict:
    """The largest government and, in it, a public activity and a public partner."""
    from ciudadglobal.synthetic.generator import slug_for

    slug = slug_for(args.seed, 0)
    [(government,)] = psql_db(args, f"SELECT id FROM tenants_homegovernment WHERE slug = '{slug}'")
    published = "visibility = 'public' AND state = 'published'"
    [(activity,)] = psql_db(
        args,
        f"SELECT id FROM activities_activity WHERE home_government_id = {government} "
        f"AND {published} AND start IS NOT NULL ORDER BY id LIMIT 1",
    )
    [(partner,)] = psql_db(
        args,
        "SELECT a.id FROM actors_actor a JOIN agreements_agreementparty p ON p.actor_id = a.id "
        "JOIN agreements_agreement g ON g.id = p.agreement_id "
        f"WHERE a.home_government_id = {government} AND a.visibility = 'public' "
        "AND a.state = 'published' AND g.visibility = 'public' AND g.state = 'published' "
        "GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1",
    )
    return {"slug": slug, "government": government, "activity": activity, "partner": partner}


def export_sqlite(args, path: Path) -> None:
    """The public rows of the tables the queries read, with Django's indexes and an FTS index."""
    import psycopg

    if path.exists():
        path.unlink()
    tables = {
        "tenants_homegovernment": ("id, name, slug, country", ""),
        "actors_actor": (
            "id, home_government_id, kind, name, name_en, country, place_id, description",
            "WHERE visibility = 'public' AND state = 'published'",
        ),
        "agreements_agreement": (
            "id, home_government_id, kind, title, title_en, description, description_en, "
            "signed, signed_date_unknown, in_force_from, expires, terminated, department_id",
            "WHERE visibility = 'public' AND state = 'published'",
        ),
        "agreements_agreementparty": (
            "p.id, p.agreement_id, p.actor_id, p.role",
            "p JOIN agreements_agreement a ON a.id = p.agreement_id "
            "WHERE a.visibility = 'public' AND a.state = 'published'",
        ),
        "activities_activity": (
            "id, home_government_id, kind, title, title_en, description, description_en, "
            'start, "end", outcomes',
            "WHERE visibility = 'public' AND state = 'published'",
        ),
    }
    target = sqlite3.connect(path)
    with psycopg.connect(f"{args.pg}/{args.db}") as source:
        for table, (columns, where) in tables.items():
            cursor = source.cursor(name=f"export_{table}")
            cursor.itersize = 20000
            cursor.execute(f"SELECT {columns} FROM {table} {where}")
            names = [c.split(".")[-1].strip().strip('"') for c in columns.split(",")]
            definitions = ", ".join(
                f'"{n}" INTEGER PRIMARY KEY' if n == "id" else f'"{n}"' for n in names
            )
            target.execute(f"CREATE TABLE {table} ({definitions})")
            marks = ", ".join("?" * len(names))
            while rows := cursor.fetchmany(20000):
                target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            target.commit()
    for sql in (
        "CREATE INDEX actor_gov_kind ON actors_actor (home_government_id, kind)",
        "CREATE INDEX agreement_gov_kind ON agreements_agreement "
        "(home_government_id, kind, signed)",
        "CREATE INDEX party_agreement ON agreements_agreementparty (agreement_id)",
        "CREATE INDEX party_actor ON agreements_agreementparty (actor_id)",
        "CREATE INDEX activity_gov_kind ON activities_activity (home_government_id, kind, start)",
        "CREATE VIRTUAL TABLE activities_activity_fts USING fts5(title, title_en, description, "
        "description_en, content='activities_activity', content_rowid='id')",
        "INSERT INTO activities_activity_fts (rowid, title, title_en, description, "
        "description_en) SELECT id, title, title_en, description, description_en "
        "FROM activities_activity",
        "ANALYZE",
    ):
        target.execute(sql)
    target.commit()
    target.close()


# -- the servers -------------------------------------------------------------------------


def start(command: list[str], env: dict | None, logfile: Path) -> subprocess.Popen:
    handle = logfile.open("w")
    return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)


def nginx_config(out: Path, root: Path, front: str) -> Path:
    """One nginx: the saved responses as static files, and the production front server
    (``front``, from ``manage.py page_cache_nginx``)."""
    config = out / "nginx.conf"
    config.write_text(
        f"""worker_processes auto;
env TZ={os.environ.get("TIME_ZONE", "America/Mexico_City")};
pid {out}/nginx.pid;
error_log {out}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {out}/nginx-tmp;
    proxy_temp_path {out}/nginx-tmp;
    fastcgi_temp_path {out}/nginx-tmp;
    uwsgi_temp_path {out}/nginx-tmp;
    scgi_temp_path {out}/nginx-tmp;
    server {{
        listen 127.0.0.1:{PORTS["nginx"]};
        types {{ text/html html; application/json json; }}
        root {root};
    }}
{front}
}}
"""
    )
    (out / "nginx-tmp").mkdir(exist_ok=True)
    return config


# -- the run -----------------------------------------------------------------------------

RESULTS: dict = {}


def queries(t: dict) -> list[dict]:
    """Each measured query: its Ciudad Global address and its Datasette equivalent."""
    g, slug = t["government"], t["slug"]
    table = "/bench/activities_activity"
    filters = f"home_government_id={g}&kind=incoming_visit&start__gte=2014"
    return [
        {
            "name": "portal home",
            "django": f"/{slug}/",
            "datasette": f"{table}?home_government_id={g}",
        },
        {
            "name": "explorer, two filters",
            "django": f"/{slug}/activities/?kind=incoming_visit&year_from=2014",
            "datasette": f"{table}?{filters}&_sort_desc=start",
        },
        {
            "name": "full-text search",
            "django": f"/{slug}/activities/?q=agua",
            "datasette": f"{table}?home_government_id={g}&_search=agua",
        },
        {
            "name": "detail page",
            "django": f"/{slug}/activities/{t['activity']}/",
            "datasette": f"{table}/{t['activity']}",
        },
        {
            "name": "partner page",
            "django": f"/{slug}/partners/{t['partner']}/",
            "datasette": f"/bench/actors_actor/{t['partner']}",
        },
        {
            "name": "API list, filters",
            "django": f"/api/v1/{slug}/activities?kind=incoming_visit&year_from=2014&limit=50",
            "datasette": f"{table}.json?{filters}&_sort_desc=start&_size=50",
        },
        {
            "name": "API search",
            "django": f"/api/v1/{slug}/activities?q=agua&limit=50",
            "datasette": f"{table}.json?home_government_id={g}&_search=agua&_size=50",
        },
    ]


def measure_servers(args, env: dict, targets: dict, out: Path) -> None:
    static = out / "static"
    shutil.rmtree(static, ignore_errors=True)
    static.mkdir(parents=True)
    cache = out / "pagecache"
    shutil.rmtree(cache, ignore_errors=True)
    server_env = env | {
        "CIUDAD_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_CONN_MAX_AGE": "600",
        "PAGE_CACHE_DIR": str(cache),
    }
    front = subprocess.run(
        [
            str(PYTHON),
            str(ROOT / "manage.py"),
            "page_cache_nginx",
            f"--listen=127.0.0.1:{PORTS['front']}",
            f"--upstream=127.0.0.1:{PORTS['django']}",
            "--forwarded-proto=https",
        ],
        env=server_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    https = {"X-Forwarded-Proto": "https"}
    processes = [
        start(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "ciudadglobal.wsgi",
                f"--workers={args.workers}",
                f"--bind=127.0.0.1:{PORTS['django']}",
                "--timeout=120",
            ],
            server_env,
            out / "gunicorn.log",
        ),
        start(
            [
                str(DATASETTE),
                "serve",
                "--immutable",
                str(out / "bench.db"),
                "--port",
                str(PORTS["datasette"]),
                "--setting",
                "sql_time_limit_ms",
                "10000",
                "--setting",
                "default_page_size",
                "50",
            ],
            None,
            out / "datasette.log",
        ),
    ]
    try:
        wait_for(f"http://127.0.0.1:{PORTS['datasette']}/-/versions.json")
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"http://127.0.0.1:{PORTS['django']}/api/v1/governments", https)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        rows = []
        for number, query in enumerate(queries(targets)):
            if args.queries and query["name"] not in args.queries:
                continue
            status, body, kind = fetch(
                f"http://127.0.0.1:{PORTS['django']}{query['django']}", https
            )
            if status != 200:
                raise SystemExit(f"{query['django']} answered {status}")
            name = f"q{number}.{'json' if 'json' in kind else 'html'}"
            (static / name).write_bytes(body)
            status, _, _ = fetch(f"http://127.0.0.1:{PORTS['datasette']}{query['datasette']}")
            query["static"] = f"/{name}"
            query["bytes"] = len(body)
            rows.append(query)
        nginx = start(
            ["nginx", "-c", str(nginx_config(out, static, front)), "-g", "daemon off;"],
            None,
            out / "nginx.log",
        )
        processes.append(nginx)
        wait_for(f"http://127.0.0.1:{PORTS['nginx']}{rows[0]['static']}")
        for query in rows:
            # Warm every gunicorn worker on this page first (templates, caches, connections),
            # one request in flight per worker, then wait for the last ones to finish: a
            # backlog left in gunicorn's queue would count against the measurement after it.
            url = f"http://127.0.0.1:{PORTS['django']}{query['django']}"
            wrk(url, args.workers, min(args.duration, 5), https)
            fetch(url, https, timeout=900)
            for concurrency in (1, 32):
                for server, path, headers in (
                    ("django", query["django"], https),
                    ("front", query["django"], None),
                    ("datasette", query["datasette"], None),
                    ("nginx", query["static"], None),
                ):
                    url = f"http://127.0.0.1:{PORTS[server]}{path}"
                    figures = wrk(url, concurrency, args.duration, headers)
                    if server == "django":  # let gunicorn finish what wrk left in its queue
                        fetch(url, headers, timeout=900)
                    query[f"{server}@{concurrency}"] = figures
                    log(
                        f"{query['name']:<22} {server:<9} c={concurrency:<2} "
                        f"p50 {figures['p50_ms']:>8.1f} ms  p95 {figures['p95_ms']:>8.1f} ms  "
                        f"{figures['rps']:>8.1f} req/s  errors {figures['errors']}"
                    )
        RESULTS["queries"] = rows
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def measure_reports(args, env: dict, targets: dict) -> None:
    """Build the semiannual report of the largest government: HTML, then PDF."""
    code = f"""
import time, json
from ciudadglobal.tenants.models import HomeGovernment
from ciudadglobal.core.periods import Semester
from ciudadglobal.reports.semiannual import build_semiannual
from ciudadglobal.reports.render import render_body, render_pdf
g = HomeGovernment.objects.get(slug="{targets["slug"]}")
t0 = time.monotonic(); content = build_semiannual(g, Semester(2018, 1)); body = render_body(content)
t1 = time.monotonic(); pdf = render_pdf(content, body); t2 = time.monotonic()
print("JSON " + json.dumps({{"html_seconds": round(t1 - t0, 2), "pdf_seconds": round(t2 - t1, 2),
    "html_bytes": len(body), "pdf_pages": pdf.pages}}))
"""
    output = subprocess.run(
        [str(PYTHON), str(ROOT / "manage.py"), "shell", "-c", code],
        env=env | {"DJANGO_DEBUG": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    RESULTS["report"] = json.loads(line[5:])
    log(f"semiannual report: {RESULTS['report']}")


def measure_import(args, env: dict, targets: dict, out: Path) -> None:
    """Import ``--import-rows`` new activities into the largest government, with departments,
    themes and counterparts (``synthetic.imports.activity_rows``): the dry run, the commit and
    the same file again (which writes nothing); then remove them, so that a ``--reuse`` run
    measures the same database."""
    from ciudadglobal.synthetic.imports import COLUMNS, activity_rows
    from ciudadglobal.tenants.models import HomeGovernment

    government = HomeGovernment.objects.get(slug=targets["slug"])
    remove_imported(env, targets)
    path = out / "import-activities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(activity_rows(args.import_rows, government))
    command = ["import_records", "activities", str(path), f"--government={targets['slug']}"]
    figures = {"rows": args.import_rows}
    for phase, extra in (("dry_run", ["--dry-run"]), ("commit", []), ("again", [])):
        started = time.monotonic()
        output = subprocess.run(
            [str(PYTHON), str(ROOT / "manage.py"), *command, *extra],
            env=env | {"DJANGO_DEBUG": "0"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures[f"{phase}_seconds"] = round(time.monotonic() - started, 1)
        log(f"import {phase}: {figures[f'{phase}_seconds']} s: {output.strip()}")
    RESULTS["import"] = figures
    remove_imported(env, targets)


def remove_imported(env: dict, targets: dict) -> None:
    """Delete the benchmark's imported activities and their history (not timed)."""
    code = f"""
from django.test import override_settings
from ciudadglobal.activities.models import Activity
imported = Activity.objects.filter(home_government__slug="{targets["slug"]}",
                                   dataset_key__startswith="import-")
ids = list(imported.values_list("pk", flat=True))
with override_settings(SIMPLE_HISTORY_ENABLED=False):
    imported.delete()
Activity.history.filter(id__in=ids).delete()
"""
    subprocess.run(
        [str(PYTHON), str(ROOT / "manage.py"), "shell", "-c", code],
        env=env | {"DJANGO_DEBUG": "0"},
        check=True,
    )


def print_table() -> None:
    print()
    print(f"Scale {RESULTS['scale']}: {RESULTS['counts']}")
    for key, name in SERVERS.items():
        print(f"  {key:<9} {name}")
    header = (
        f"{'query':<22} {'c':>2} | {'django p50':>10} {'p95':>7} {'req/s':>7} | "
        f"{'front p50':>9} {'p95':>6} {'req/s':>7} | {'datasette p50':>13} {'p95':>7} "
        f"{'req/s':>6} | {'nginx req/s':>11} | {'front÷nginx':>11} {'front×ds':>8} "
        f"{'django×ds':>9}"
    )
    print(header)
    print("-" * len(header))
    for query in RESULTS.get("queries", []):
        for concurrency in (1, 32):
            d, c, s, n = (
                _latencies(query[f"{k}@{concurrency}"])
                for k in ("django", "front", "datasette", "nginx")
            )
            print(
                f"{query['name']:<22} {concurrency:>2} | {d['p50_ms']:>10.1f} {d['p95_ms']:>7.1f} "
                f"{d['rps']:>7.1f} | {c['p50_ms']:>9.2f} {c['p95_ms']:>6.2f} {c['rps']:>7.0f} | "
                f"{s['p50_ms']:>13.1f} {s['p95_ms']:>7.1f} {s['rps']:>6.1f} | "
                f"{n['rps']:>11.0f} | {c['rps'] / max(n['rps'], 0.01):>11.2f} "
                f"{c['rps'] / max(s['rps'], 0.01):>8.1f} {d['rps'] / max(s['rps'], 0.01):>9.2f}"
            )
    print("(latencies in ms; the ratios compare throughputs; ds = Datasette)")
    if "report" in RESULTS:
        print(f"Semiannual report of the largest government: {RESULTS['report']}")
    if "import" in RESULTS:
        print(f"import_records: {RESULTS['import']}")


def _latencies(figures: dict) -> dict:
    """wrk's figures, with no latency when no response came back within the measurement."""
    if figures["requests"]:
        return figures
    return figures | {"p50_ms": float("nan"), "p95_ms": float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the reference size (1 = 1,000 "
        "governments and 1,000,000 activities; 0.01 = 10 governments, 10,000 activities)"
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="ciudadglobal_bench")
    parser.add_argument("--reuse", action="store_true", help="keep a database already generated")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--queries", nargs="*", default=[], help="only these (by name)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["servers", "report", "import"])
    args = parser.parse_args()
    args.governments = max(3, round(REFERENCE_GOVERNMENTS * args.scale))
    args.per_government = 1.0 if args.scale * REFERENCE_GOVERNMENTS >= 3 else args.scale * 333
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not (
            tool == "nginx" and Path("/usr/sbin/nginx").exists()
        ):
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx-light")
    if not DATASETTE.exists():
        raise SystemExit("Datasette is missing: see docs/performance.md (bench/.venv-datasette)")
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    env = os.environ | {
        "DATABASE_URL": f"{args.pg}/{args.db}",
        "PATH": os.environ["PATH"] + ":/usr/sbin",
    }
    RESULTS["scale"] = args.scale
    prepare_database(args, env)
    os.environ.update(
        {"DATABASE_URL": env["DATABASE_URL"], "DJANGO_SETTINGS_MODULE": "ciudadglobal.settings"}
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    targets = pick_targets(args)
    RESULTS["targets"] = targets
    RESULTS["counts"] = {
        table: psql_db(args, f"SELECT count(*) FROM {table}")[0][0]
        for table in (
            "tenants_homegovernment",
            "actors_actor",
            "agreements_agreement",
            "activities_activity",
        )
    }
    log(f"counts {RESULTS['counts']}; largest government {targets}")
    if "servers" not in args.skip:
        log("exporting the public rows to SQLite for Datasette")
        export_sqlite(args, out / "bench.db")
        measure_servers(args, env, targets, out)
    if "report" not in args.skip:
        measure_reports(args, env, targets)
    if "import" not in args.skip:
        measure_import(args, env, targets, out)
    (out / "results.json").write_text(json.dumps(RESULTS, indent=2))
    print_table()


if __name__ == "__main__":
    main()
