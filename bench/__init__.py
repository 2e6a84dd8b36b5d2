"""Benchmark of the nightly load against a plain-DuckDB baseline (see bench/README.md)."""
