"""API v1 (contract.md): cases, replies, notes, changes and figures, as JSON."""
