"""Benchmark of the rotation planner (placeholder grid; replaced below)."""
