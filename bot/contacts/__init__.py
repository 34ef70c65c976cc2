"""The secretariat's contact list: CSV import and export, the filtered list and one person."""
