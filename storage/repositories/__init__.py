"""Repositories: each gets its session at construction, flushes, never commits."""
