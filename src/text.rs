//! Checks of the text editors write (front matter, UI strings): characters
//! that must not reach a page because readers cannot see what they do.

/// Why `text` cannot be shown as written: a NUL byte, or a direction control
/// (U+202A–U+202E, U+2066–U+2069) without its partner, which would reverse
/// the text after it, the site name in the `<title>` included.
pub fn hidden_control(text: &str) -> Option<String> {
    if text.contains('\0') {
        return Some("contains a NUL character (an invisible control character): remove it".into());
    }
    // Openers waiting for their partner: true for an isolate, false for an
    // embedding or override.
    let mut open: Vec<(bool, char)> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push((false, c)),
            '\u{2066}' | '\u{2067}' | '\u{2068}' => open.push((true, c)),
            '\u{202C}' | '\u{2069}' => {
                let isolate = c == '\u{2069}';
                match open.pop() {
                    Some((kind, _)) if kind == isolate => {}
                    _ => return Some(unpaired(c)),
                }
            }
            _ => {}
        }
    }
    open.first().map(|&(_, c)| unpaired(c))
}

fn unpaired(c: char) -> String {
    let name = match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        _ => "POP DIRECTIONAL ISOLATE",
    };
    format!(
        "contains an unpaired invisible direction control (U+{:04X} {name}) that would reverse the text around it on the page: remove it",
        u32::from(c)
    )
}

/// Separator of the parts of a multilingual link-preview value.
pub const META_SEPARATOR: &str = " · ";

/// True for the invisible direction controls: marks, embeddings, overrides, isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// One part of a link-preview meta value: the text without direction controls,
/// wrapped in a first-strong isolate (FSI … PDI) when it is right to left.
pub fn meta_part(text: &str, rtl: bool) -> String {
    let clean: String = text.chars().filter(|&c| !is_bidi_control(c)).collect();
    let clean = clean.trim();
    if rtl && !clean.is_empty() {
        format!("\u{2068}{clean}\u{2069}")
    } else {
        clean.to_string()
    }
}

/// Visible length of a meta value (isolates count as nothing).
pub fn meta_len(text: &str) -> usize {
    text.chars().filter(|&c| !is_bidi_control(c)).count()
}

/// Which of `parts` (from [`meta_part`]) a meta value shows: the first `min`
/// non-empty ones always, then each further one that keeps it within `max` characters.
pub fn meta_pick(parts: &[String], max: usize, min: usize) -> Vec<usize> {
    let separator = META_SEPARATOR.chars().count();
    let mut picked = Vec::new();
    let mut len = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let added = meta_len(part) + if picked.is_empty() { 0 } else { separator };
        if picked.len() >= min && len + added > max {
            continue;
        }
        len += added;
        picked.push(i);
    }
    picked
}

/// The parts [`meta_pick`] picks, joined by [`META_SEPARATOR`].
pub fn meta_join(parts: &[String], max: usize, min: usize) -> String {
    meta_pick(parts, max, min)
        .into_iter()
        .map(|i| parts[i].as_str())
        .collect::<Vec<_>>()
        .join(META_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_values_hold_only_balanced_isolates() {
        let controls = [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ];
        for &c in &controls {
            for rtl in [false, true] {
                let texts = [
                    format!("{c}تأمين"),
                    format!("Kranken{c}versicherung{c}"),
                    format!("{c}{c}\u{2069}"),
                ];
                let parts: Vec<String> = texts.iter().map(|t| meta_part(t, rtl)).collect();
                let value = meta_join(&parts, 160, 2);
                let mut depth = 0i32;
                for ch in value.chars() {
                    match ch {
                        '\u{2068}' => depth += 1,
                        '\u{2069}' => depth -= 1,
                        other => assert!(
                            !is_bidi_control(other),
                            "U+{:04X} in {value:?}",
                            u32::from(other)
                        ),
                    }
                    assert!((0..=1).contains(&depth), "{value:?}");
                }
                assert_eq!(depth, 0, "{value:?}");
                assert_eq!(hidden_control(&value), None);
            }
        }
        assert_eq!(
            meta_part("\u{200F}العربية", true),
            "\u{2068}العربية\u{2069}"
        );
    }

    #[test]
    fn meta_join_keeps_the_minimum_and_stays_within_the_limit() {
        let parts = ["Notruf", "Emergency", "\u{2068}الطوارئ\u{2069}", "Urgence"];
        let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        assert_eq!(meta_join(&parts, 18, 2), "Notruf · Emergency");
        assert_eq!(
            meta_join(&parts, 28, 2),
            "Notruf · Emergency · \u{2068}الطوارئ\u{2069}"
        );
        assert_eq!(meta_join(&parts, 3, 2), "Notruf · Emergency");
        assert_eq!(meta_len(&meta_join(&parts, 60, 2)), 38);
    }

    #[test]
    fn plain_and_paired_text_passes() {
        assert_eq!(hidden_control("Krankenversicherung"), None);
        assert_eq!(hidden_control("a \u{2068}العربية\u{2069} b"), None);
        assert_eq!(hidden_control("\u{202B}x\u{2067}y\u{2069}\u{202C}"), None);
    }

    #[test]
    fn unpaired_controls_and_nul_are_found() {
        let rlo = hidden_control("abc\u{202E}def").unwrap();
        assert!(rlo.contains("U+202E RIGHT-TO-LEFT OVERRIDE"), "{rlo}");
        assert!(hidden_control("x\u{2069}").unwrap().contains("U+2069"));
        assert!(hidden_control("\u{2066}x\u{202C}").is_some());
        assert!(hidden_control("a\0b").unwrap().contains("NUL"));
    }
}
