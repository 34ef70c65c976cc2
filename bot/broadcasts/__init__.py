"""Broadcasts: one announcement, a text per language, to a chosen audience, through the
outbox as bulk messages (replies to people always go first)."""
