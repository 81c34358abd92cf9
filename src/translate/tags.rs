//! The text of a translation unit: plain text with `&lt; &gt; &amp;`
//! escaped, and inline markup as XLIFF 1.2 placeholders (`<x id="N"/>`,
//! `<g id="N">…</g>`), so that a tool protects them as tags.

/// One piece of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text, unescaped.
    Text(String),
    /// `<g id="N">`: the start of a paired placeholder.
    Open(u32),
    /// `</g>`: the end of the innermost paired placeholder.
    Close,
    /// `<x id="N"/>`: a standalone placeholder.
    Standalone(u32),
}

/// Escapes text for a unit (`&`, `<`, `>`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a unit's text into pieces, or says what is wrong with a tag.
pub fn parse(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(['<', '&']) {
        plain.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            let (decoded, len) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&apos;", '\''),
            ]
            .iter()
            .find(|(name, _)| rest.starts_with(name))
            .map(|(name, c)| (*c, name.len()))
            .ok_or_else(|| "a lone \"&\" (write &amp; for the character &)".to_string())?;
            plain.push(decoded);
            rest = &rest[len..];
            continue;
        }
        let end = rest
            .find('>')
            .ok_or_else(|| "a lone \"<\" (write &lt; for the character <)".to_string())?;
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        let piece = if tag == "</g>" {
            Piece::Close
        } else if let Some(id) = tag
            .strip_prefix("<x id=\"")
            .and_then(|t| t.strip_suffix("\"/>"))
        {
            Piece::Standalone(number(id, tag)?)
        } else if let Some(id) = tag
            .strip_prefix("<g id=\"")
            .and_then(|t| t.strip_suffix("\">"))
        {
            Piece::Open(number(id, tag)?)
        } else {
            return Err(format!(
                "the tag {tag} is not one of the placeholders of the source text (write &lt; for the character <)"
            ));
        };
        if !plain.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut plain)));
        }
        pieces.push(piece);
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        pieces.push(Piece::Text(plain));
    }
    Ok(pieces)
}

fn number(id: &str, tag: &str) -> Result<u32, String> {
    id.parse()
        .map_err(|_| format!("the placeholder {tag} has no number as its id"))
}

/// Writes pieces back as a unit's text.
pub fn write(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Open(n) => out.push_str(&format!("<g id=\"{n}\">")),
            Piece::Close => out.push_str("</g>"),
            Piece::Standalone(n) => out.push_str(&format!("<x id=\"{n}\"/>")),
        }
    }
    out
}

/// The text without tags, for word counts and length limits.
pub fn plain(text: &str) -> String {
    match parse(text) {
        Ok(pieces) => pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t),
                _ => None,
            })
            .collect(),
        Err(_) => text.to_string(),
    }
}

/// The number of words of a unit's text (its placeholders not counted).
pub fn words(text: &str) -> usize {
    plain(text).split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_tags_round_trip() {
        let text = "Rufen Sie <g id=\"1\">die &lt;112&gt;</g> an<x id=\"2\"/> &amp; mehr";
        let pieces = parse(text).unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Text("Rufen Sie ".into()),
                Piece::Open(1),
                Piece::Text("die <112>".into()),
                Piece::Close,
                Piece::Text(" an".into()),
                Piece::Standalone(2),
                Piece::Text(" & mehr".into()),
            ]
        );
        assert_eq!(write(&pieces), text);
        assert_eq!(words(text), 7);
    }

    #[test]
    fn unknown_tags_and_lone_characters_are_refused() {
        assert!(parse("a <b>x</b>").unwrap_err().contains("<b>"));
        assert!(parse("a < b").is_err());
        assert!(parse("a & b").is_err());
        assert!(parse("<x id=\"one\"/>").is_err());
    }
}
