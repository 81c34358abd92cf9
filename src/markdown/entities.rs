//! Character references in HTML text and attribute values.

use std::borrow::Cow;

/// Decodes numeric character references and the named ones that lotse's
/// HTML holds or that can hide a word from a check (`&amp;`, `&colon;`,
/// ...); other text, unknown names included, is kept as it is. One pass:
/// `&amp;lt;` becomes `&lt;`, as a browser reads it.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(number) => match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            }
            .and_then(char::from_u32),
            None => named(name),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The named references that [`decode`] knows.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "shy" => '\u{00AD}',
        "colon" => ':',
        "Tab" => '\t',
        "NewLine" => '\n',
        "lpar" => '(',
        "rpar" => ')',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_named_references_are_decoded_once() {
        assert_eq!(
            decode("a &lt;b&gt; &#x41;&#66; &unknown; &"),
            "a <b> AB &unknown; &"
        );
        assert_eq!(decode("jav&#x61;script&colon;x"), "javascript:x");
        assert_eq!(decode("&amp;lt; &#x2F;de&#x2F;"), "&lt; /de/");
        assert!(matches!(decode("no references"), Cow::Borrowed(_)));
    }
}
