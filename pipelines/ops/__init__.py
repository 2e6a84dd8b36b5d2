"""Running the pipeline like production: the landing sensor, run-failure alerts, freshness."""
