"""``manage.py generate_network --governments N [--scale F] --seed S``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.synthetic.generator import generate_network, slug_for
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = (
        "Write a synthetic network of home governments with Mexico City's distributions "
        "(scale 1: 200 actors, 100 agreements, 1,000 activities per government on average). "
        "The same seed writes the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--governments", type=int, required=True)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Records per government, times the reference."
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, governments, scale, seed, batch_size, **options):
        if governments < 1 or scale <= 0:
            raise CommandError("--governments must be at least 1 and --scale above 0.")
        slugs = [slug_for(seed, i) for i in range(governments)]
        if HomeGovernment.objects.filter(slug__in=slugs).exists():
            raise CommandError(f"Seed {seed} has already been generated in this database.")
        started = time.monotonic()
        counts = generate_network(
            governments,
            scale,
            seed,
            batch_size=batch_size,
            progress=lambda message: self.stdout.write(message),
        )
        for label, n in sorted(counts.rows.items()):
            self.stdout.write(f"{label}: {n:,}")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
