//! Search: one index per language, with letter folding made for the
//! site's scripts (Arabic, Persian, Pashto, Cyrillic, Latin).
