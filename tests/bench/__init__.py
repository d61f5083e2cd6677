"""Benchmarks: run as modules (python -m tests.bench.<name>), never as timed tests."""
