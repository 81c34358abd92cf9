//! Short ASCII slugs for heading ids and file-name suggestions.

/// Longest slug kept, in characters (cut at a word boundary).
const MAX_LEN: usize = 48;

/// Turns any text into a lowercase ASCII slug.
///
/// ```
/// use lotse::slug::slugify;
/// assert_eq!(slugify("Kosten & Beiträge"), "kosten-beitrage");
/// assert!(slugify("التأمين الصحي").is_ascii());
/// ```
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > MAX_LEN {
        let cut = slug[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
        slug.truncate(cut);
    }
    slug
}

/// True for ids that stay short and readable in a URL.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_is_transliterated() {
        assert_eq!(slugify("Kosten & Beiträge"), "kosten-beitrage");
        assert_eq!(slugify("  Wo? Wann!  "), "wo-wann");
        assert_eq!(slugify("Că ți-e frică"), "ca-ti-e-frica");
    }

    #[test]
    fn cyrillic_and_arabic_become_ascii() {
        let s = slugify("Медицинская страховка");
        assert!(s.is_ascii() && !s.is_empty(), "{s}");
        let s = slugify("التأمين الصحي");
        assert!(s.is_ascii() && !s.is_empty(), "{s}");
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let s = slugify("one two three four five six seven eight nine ten eleven twelve");
        assert!(s.len() <= MAX_LEN && !s.ends_with('-'), "{s}");
    }

    #[test]
    fn ids_must_be_short_ascii() {
        assert!(is_valid_id("costs"));
        assert!(is_valid_id("faire-mobilitaet"));
        assert!(!is_valid_id("Kosten"));
        assert!(!is_valid_id("تكاليف"));
        assert!(!is_valid_id("-x"));
    }
}
