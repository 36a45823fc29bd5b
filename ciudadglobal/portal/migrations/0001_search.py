"""Full-text search on PostgreSQL: the ``unaccent`` extension, an immutable wrapper that an
index may use, and a GIN index on the search document of each large table (``search.INDEXED``,
built by ``search.search_vector``). Nothing on other databases.

``unaccent`` is a trusted extension (PostgreSQL 13 and later): the database's owner may install
it without superuser rights. Creating the indexes reads every row of those tables once.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from ciudadglobal.portal.search import INDEXED, UNACCENT, search_vector

FUNCTION = """
CREATE OR REPLACE FUNCTION {name}(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$
"""


def index_for(model) -> GinIndex:
    fields, titles = INDEXED[model._meta.label]
    return GinIndex(search_vector(fields, titles), name=f"{model._meta.db_table[:20]}_search")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    with schema_editor.connection.cursor() as cursor:  # where it was installed, if before
        cursor.execute(
            "SELECT quote_ident(nspname) FROM pg_extension JOIN pg_namespace n "
            "ON n.oid = extnamespace WHERE extname = 'unaccent'"
        )
        [(schema,)] = cursor.fetchall()
    schema_editor.execute(FUNCTION.format(name=UNACCENT, schema=schema))
    for label in INDEXED:
        model = apps.get_model(label)
        schema_editor.add_index(model, index_for(model))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for label in INDEXED:
        model = apps.get_model(label)
        schema_editor.remove_index(model, index_for(model))
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {UNACCENT}(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_activity_title_index"),
        ("agreements", "0004_workflow_state"),
        ("projects", "0004_workflow_state"),
        ("actors", "0003_workflow_state"),
    ]

    operations = [migrations.RunPython(create, drop)]
