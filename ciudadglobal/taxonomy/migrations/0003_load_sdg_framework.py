"""Load the UN SDG framework (2025 review) in Spanish and English. See taxonomy/sdg.py."""

from django.db import migrations

from ciudadglobal.taxonomy.sdg import load_sdg_framework


def load(apps, schema_editor):
    load_sdg_framework(
        apps.get_model("taxonomy", "SdgGoal"),
        apps.get_model("taxonomy", "SdgTarget"),
        apps.get_model("taxonomy", "SdgIndicator"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
