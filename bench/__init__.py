"""Benchmarks of the core at national scale: `make bench` (never part of `make test`)."""
