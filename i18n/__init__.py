"""Languages of Frontdoor: catalogs, understanding people's words, SMS encoding.

Modules, each with one job:
    catalog    gettext catalogs, `translator(language)`, language names and menu
    messages   every bot sentence as a message id (N_/NN_ markers)
    extract    `python -m i18n.extract`: .pot template and .po updates
    keywords   per-language keyword files and their lookup tables
    matching   commands, yes/no, done/skip, numbers, menu choices, language names
    countries  country names in any language, aliases, typos → ISO codes
    detect     first guess of a person's language
    sms        GSM-7 conversion and segment counting
    normalize  normalisation and typo-tolerant lookup shared by the above

Import from the module (`from i18n.sms import segments`), so that a caller pays only
for what it uses.
"""
