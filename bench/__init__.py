"""Benchmarks run on demand (``python -m bench import``), never in the test suite."""
