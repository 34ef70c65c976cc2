"""Staff authentication shared by the console and the API: sessions, second factor,
login throttling, CSRF and the security headers."""
