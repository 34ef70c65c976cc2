"""Calls for proposals on the staff side: the applications under review and their export."""
