"""The secretariat's contact list: CSV import (and, later, export and broadcasts)."""
