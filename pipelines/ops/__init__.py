"""Running the pipeline like production: one writer at a time (the run lock)."""
