//! Percent-decoding of URL paths, shared by the link check (`markdown`) and
//! the development server (`serve`), on top of the `percent-encoding` crate.

use percent_encoding::percent_decode_str;

/// Decodes `%20` and friends in a link path written by an editor: a `%` not
/// followed by two hex digits stays as written, and bytes that do not form
/// UTF-8 become U+FFFD.
pub fn decode_lossy(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Decodes a request path strictly: `None` when a `%` is not followed by two
/// hex digits or the decoded bytes are not UTF-8.
pub fn decode_strict(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a `%` before a multi-byte letter once sliced inside the
    /// letter and panicked the build.
    #[test]
    fn percent_before_a_multibyte_letter_is_kept() {
        assert_eq!(decode_lossy("%aé.md"), "%aé.md");
        assert_eq!(decode_strict("%aé.md"), None);
        assert_eq!(decode_lossy("a%é"), "a%é");
    }

    #[test]
    fn malformed_escapes_stay_or_are_refused() {
        assert_eq!(decode_lossy("%"), "%");
        assert_eq!(decode_strict("%"), None);
        assert_eq!(decode_lossy("%zz"), "%zz");
        assert_eq!(decode_strict("%zz"), None);
        assert_eq!(decode_lossy("100%"), "100%");
    }

    #[test]
    fn incomplete_utf8_is_replaced_or_refused() {
        assert_eq!(decode_lossy("%e2%82"), "\u{fffd}");
        assert_eq!(decode_strict("%e2%82"), None);
        assert_eq!(decode_strict("%e2%82%ac"), Some("€".into()));
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(decode_lossy("gr%C3%BC%C3%9Fe%20x.md"), "grüße x.md");
        assert_eq!(decode_strict("/de/%2E%2E/x"), Some("/de/../x".into()));
    }
}
