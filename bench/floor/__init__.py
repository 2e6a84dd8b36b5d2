"""The stack floor: the smallest Dagster + dbt + GX + DuckDB run (see bench/README.md)."""
