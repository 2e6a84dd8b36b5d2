"""Shared infrastructure below every stage: settings, the run lock, retries, time, fault hooks.

Every stage (`ingest` → `transform` → `quality` → `publish` → `ops`) may import
from here; nothing here imports from a stage (tests/test_layers.py checks it).
"""
