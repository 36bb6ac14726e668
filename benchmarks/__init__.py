"""Interlock benchmarks: performance and security scenario suites."""
