"""i18n package."""
