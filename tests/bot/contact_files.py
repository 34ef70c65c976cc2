"""A small contact list for the upload tests: three good lines, then three refused (an
invalid number, an unknown country written as markup, a repeat of line 2)."""

from __future__ import annotations

HEADER = "name,phone,telegram,language,country,channels,tags,consent\n"
GOOD = [
    "Amina,0712345678,,en,KE,sms;whatsapp,pilot;water,yes",
    "Bruno,,123456789,pt,MZ,telegram,pilot,2025-03-01",
    "Carla,+573001112233,,es,CO,sms,,no",
]
BAD = [
    "Dan,12345,,en,KE,sms,,yes",  # line 5: invalid number
    "Eve,0712345679,,en,<script>alert(1)</script>,sms,,yes",  # line 6: unknown country
    "Amina,0712345678,,en,KE,sms,,yes",  # line 7: same as line 2
]
CSV = (HEADER + "\n".join(GOOD + BAD) + "\n").encode()
