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

#[cfg(test)]
mod tests {
    use super::*;

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
