"""Create or update the UN SDG framework (goals, targets, indicators) from taxonomy/data/sdg."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ciudadglobal.taxonomy.models import SdgGoal, SdgIndicator, SdgTarget
from ciudadglobal.taxonomy.sdg import load_sdg_framework


class Command(BaseCommand):
    help = "Create or update the SDG goals, targets and indicators (UN 2025 framework)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_sdg_framework(SdgGoal, SdgTarget, SdgIndicator)
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
