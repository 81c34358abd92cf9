//! Isolates runs of the other reading direction inside a text, so that
//! `+49 211 1234567` or `Krankenkasse` show in the right order in Arabic.

use crate::lang::Direction;

/// Whether a character is a letter of a right-to-left script.
fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Strong direction of a character, if it has one.
fn strong(c: char) -> Option<Direction> {
    if c.is_ascii() {
        c.is_ascii_alphabetic().then_some(Direction::Ltr)
    } else if is_rtl(c) {
        Some(Direction::Rtl)
    } else if c.is_alphabetic() {
        Some(Direction::Ltr)
    } else {
        None
    }
}

/// Whether `text` may hold a right-to-left letter: every one of them is
/// encoded from the lead byte 0xD6 (U+0590) up.
fn may_hold_rtl(text: &str) -> bool {
    text.bytes().any(|b| b >= 0xD6)
}

/// Characters that join two parts of one run: `116 117`, `www.x.de`, `a@b`.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}'
            | '.'
            | '-'
            | '/'
            | ':'
            | '@'
            | '_'
            | '+'
            | ','
            | '&'
            | '?'
            | '='
            | '%'
            | '#'
            | '~'
            | '\''
    )
}

/// A run that belongs to the other direction: byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

/// Finds the runs of text that need isolation inside a paragraph of `dir`.
///
/// In right-to-left text these are left-to-right words, numbers with inner
/// spaces or punctuation, URLs and e-mail addresses; in left-to-right text,
/// runs of right-to-left letters.
pub fn foreign_runs(text: &str, dir: Direction) -> Vec<Run> {
    if dir == Direction::Ltr && !may_hold_rtl(text) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let other = match dir {
        Direction::Ltr => Direction::Rtl,
        Direction::Rtl => Direction::Ltr,
    };
    let is_part = |c: char| match dir {
        // Only right-to-left letters start or continue a run here.
        Direction::Ltr => is_rtl(c),
        Direction::Rtl => c.is_ascii_digit() || strong(c) == Some(Direction::Ltr),
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let starts_number = c == '+' && chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if !(is_part(c) || (dir == Direction::Rtl && starts_number)) {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if is_part(c) {
                last = j;
                j += 1;
            } else if is_joiner(c) {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars[last].0 + chars[last].1.len_utf8();
        let run = &text[start..end];
        let needs = run.chars().any(|c| strong(c) == Some(other))
            || run.contains(|c: char| !c.is_ascii_digit());
        if needs {
            runs.push(Run { start, end });
        }
        i = last + 1;
    }
    runs
}

/// Wraps the foreign runs of a text in `<bdi dir=...>`, escaping the rest.
pub fn isolate_html(text: &str, dir: Direction) -> Option<String> {
    let runs = foreign_runs(text, dir);
    if runs.is_empty() {
        return None;
    }
    let other = match dir {
        Direction::Ltr => "rtl",
        Direction::Rtl => "ltr",
    };
    let mut out = String::with_capacity(text.len() + runs.len() * 24);
    let mut pos = 0;
    for run in runs {
        escape_into(&mut out, &text[pos..run.start]);
        out.push_str("<bdi dir=\"");
        out.push_str(other);
        out.push_str("\">");
        escape_into(&mut out, &text[run.start..run.end]);
        out.push_str("</bdi>");
        pos = run.end;
    }
    escape_into(&mut out, &text[pos..]);
    Some(out)
}

/// Escapes text for HTML element content.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str, dir: Direction) -> Vec<&str> {
        foreign_runs(text, dir)
            .into_iter()
            .map(|r| &text[r.start..r.end])
            .collect()
    }

    #[test]
    fn phone_numbers_in_arabic_are_one_run() {
        assert_eq!(runs("اتصل بالرقم 116 117 الآن", Direction::Rtl), ["116 117"]);
        assert_eq!(
            runs("هاتف: +49 211 1234567.", Direction::Rtl),
            ["+49 211 1234567"]
        );
        assert_eq!(
            runs("0800 111 0 111 مجاني", Direction::Rtl),
            ["0800 111 0 111"]
        );
    }

    #[test]
    fn single_numbers_need_no_isolation() {
        assert!(runs("اتصل بالرقم 112 فورًا", Direction::Rtl).is_empty());
    }

    #[test]
    fn german_terms_urls_and_mail_in_persian() {
        assert_eq!(
            runs("صندوق بیمه (Krankenkasse) را ببینید", Direction::Rtl),
            ["Krankenkasse"]
        );
        assert_eq!(
            runs("سایت https://www.bamf.de/DE را", Direction::Rtl),
            ["https://www.bamf.de/DE"]
        );
        assert_eq!(
            runs("ایمیل info@example.org است", Direction::Rtl),
            ["info@example.org"]
        );
        assert_eq!(
            runs("د Faire Mobilität مرکز", Direction::Rtl),
            ["Faire Mobilität"]
        );
    }

    #[test]
    fn arabic_inside_german_is_isolated() {
        assert_eq!(runs("Das Wort تأمين heißt", Direction::Ltr), ["تأمين"]);
        assert!(runs("Rufen Sie 116 117 an", Direction::Ltr).is_empty());
        assert_eq!(
            runs("Слово «تأمين» и עברית", Direction::Ltr),
            ["تأمين", "עברית"]
        );
        assert!(runs("Страхование — „Krankenkasse“ ąęł", Direction::Ltr).is_empty());
    }

    #[test]
    fn only_text_with_high_lead_bytes_may_hold_rtl_letters() {
        assert!(!may_hold_rtl("Straße, страхование, ąęł, ğış"));
        assert!(may_hold_rtl("א"));
        assert!(may_hold_rtl("\u{0590}"));
        // Every right-to-left letter is found by the byte test.
        let mut buf = [0; 4];
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_rtl(c))
        {
            assert!(may_hold_rtl(c.encode_utf8(&mut buf)), "{c:?}");
        }
    }

    #[test]
    fn html_is_escaped_and_wrapped() {
        assert_eq!(
            isolate_html("رقم 116 117 <>", Direction::Rtl).unwrap(),
            "رقم <bdi dir=\"ltr\">116 117</bdi> &lt;&gt;"
        );
        assert_eq!(isolate_html("نص فقط", Direction::Rtl), None);
    }
}
