"""Casework shared by the console and the API: who sees which case, the queue list, the
case view, the changes staff make, and the monitoring figures."""
