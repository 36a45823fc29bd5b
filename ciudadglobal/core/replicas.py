"""Reads from PostgreSQL streaming replicas, writes to the primary (django-multidb-router).

Configured only when ``DATABASE_REPLICA_URLS`` names replicas (settings). Replicas serve the
reads of web requests that write nothing, from clients that have not just written: a POST
pins its request to the primary and sets a cookie that keeps the client's reads there for
``MULTIDB_PINNING_SECONDS`` (longer than the replication lag), so a person who just saved
sees their change. Everything outside a request (management commands, the task worker)
reads the primary: a command that reads what it is about to write must never read a replica
that lags behind.
"""

from __future__ import annotations

import threading

import multidb
from multidb.middleware import PinningRouterMiddleware

_serving = threading.local()


class ReplicaRouter(multidb.PinningReplicaRouter):
    """Reads of a request that may use replicas go to one (in turn); all else, the primary."""

    def db_for_read(self, model, **hints):
        if not getattr(_serving, "request", False):
            return multidb.DEFAULT_DB_ALIAS
        return super().db_for_read(model, **hints)


class ReplicaMiddleware(PinningRouterMiddleware):
    """django-multidb-router's pinning, marking the thread as serving a request meanwhile."""

    def process_request(self, request):
        _serving.request = True
        return super().process_request(request)

    def process_response(self, request, response):
        _serving.request = False
        return super().process_response(request, response)
