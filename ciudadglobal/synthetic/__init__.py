"""Synthetic registries for scale tests and benchmarks (``manage.py generate_network``)."""
