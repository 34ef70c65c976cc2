"""The intake conversation: an explicit state table, persisted per channel identity."""
