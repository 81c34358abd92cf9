//! Checks on untrusted YAML (front matter, UI strings) before serde_yaml
//! reads it, in one pass over the text: serde_yaml's parser slows down
//! quadratically with deep nesting, and expands aliases with a limit that
//! still lets work grow with the square of the input.
//!
//! Refused: nesting deeper than [`MAX_DEPTH`] (flow `[[[`, `{{{` and block
//! indentation counted together), and anchors and aliases (`&name`,
//! `*name`), which no key of lotse's files needs.

/// The deepest nesting of lists and maps accepted.
pub const MAX_DEPTH: usize = 64;

/// A refused shape: the 1-based line within the YAML text, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// Line within the YAML text (1 for its first line).
    pub line: usize,
    /// A sentence for the editor.
    pub message: String,
}

/// Scanner state carried from line to line.
#[derive(Default)]
struct Scan {
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar: its quote character.
    quote: Option<u8>,
    /// Inside a `|` or `>` block scalar: the indentation of its key line.
    block_scalar: Option<usize>,
    /// Indentation of the open block collections.
    indents: Vec<usize>,
}

/// Checks the nesting depth and refuses anchors and aliases.
pub fn check_shape(yaml: &str) -> Result<(), ShapeError> {
    crate::work::add(yaml.len() as u64);
    let mut scan = Scan::default();
    for (i, line) in yaml.split('\n').enumerate() {
        scan.line(line.as_bytes()).map_err(|message| ShapeError {
            line: i + 1,
            message,
        })?;
    }
    Ok(())
}

fn too_deep() -> String {
    format!("lists and maps are nested more than {MAX_DEPTH} levels deep: write the values flat")
}

fn alias() -> String {
    "anchors and aliases (&name, *name) are not allowed here: write each value out (quote a value that starts with & or *)".into()
}

impl Scan {
    fn line(&mut self, line: &[u8]) -> Result<(), String> {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let blank = line[indent..].iter().all(u8::is_ascii_whitespace);
        if let Some(key_indent) = self.block_scalar {
            if blank || indent > key_indent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut i = 0;
        let mut node_start = true;
        if let Some(q) = self.quote {
            i = match close_quote(line, 0, q) {
                Some(end) => {
                    self.quote = None;
                    node_start = false;
                    end
                }
                None => return Ok(()),
            };
        } else if self.flow == 0 {
            if blank || line[indent] == b'#' {
                return Ok(());
            }
            while self.indents.last().is_some_and(|&top| top > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
            }
            if self.indents.len() > MAX_DEPTH {
                return Err(too_deep());
            }
            i = indent;
        }
        let mut dashes = 0;
        while i < line.len() {
            let b = line[i];
            let next = line.get(i + 1).copied();
            let spaced = next.is_none_or(|n| n == b' ' || n == b'\t' || n == b'\r');
            if node_start {
                match b {
                    b' ' | b'\t' | b'\r' => {}
                    b'"' | b'\'' => match close_quote(line, i + 1, b) {
                        Some(end) => {
                            node_start = false;
                            i = end;
                            continue;
                        }
                        None => {
                            self.quote = Some(b);
                            return Ok(());
                        }
                    },
                    b'&' | b'*' => return Err(alias()),
                    b'[' | b'{' => {
                        self.flow += 1;
                        if self.depth(dashes) > MAX_DEPTH {
                            return Err(too_deep());
                        }
                    }
                    b']' | b'}' if self.flow > 0 => {
                        self.flow -= 1;
                        node_start = false;
                    }
                    b',' if self.flow > 0 => {}
                    b'|' | b'>' if self.flow == 0 => {
                        self.block_scalar = Some(indent);
                        return Ok(());
                    }
                    b'#' => return Ok(()),
                    b'!' => {
                        // A tag: skip it, the node follows.
                        while i < line.len() && !line[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        continue;
                    }
                    b'-' | b'?' if spaced && self.flow == 0 => {
                        dashes += 1;
                        if self.depth(dashes) > MAX_DEPTH {
                            return Err(too_deep());
                        }
                    }
                    b':' if spaced => {}
                    _ => node_start = false,
                }
            } else {
                match b {
                    b':' if spaced
                        || self.flow > 0
                            && next
                                .is_some_and(|n| matches!(n, b',' | b'[' | b']' | b'{' | b'}')) =>
                    {
                        node_start = true;
                    }
                    b'#' if line[i - 1] == b' ' || line[i - 1] == b'\t' => return Ok(()),
                    b',' if self.flow > 0 => node_start = true,
                    b']' | b'}' if self.flow > 0 => self.flow -= 1,
                    b'"' | b'\'' if self.flow > 0 && i > 0 && line[i - 1] == b':' => {}
                    _ => {}
                }
            }
            i += 1;
        }
        Ok(())
    }

    fn depth(&self, dashes: usize) -> usize {
        self.indents.len() + dashes + self.flow
    }
}

/// The index after the closing quote `q` from `from` on, if on this line.
fn close_quote(line: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < line.len() {
        match line[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(yaml: &str) -> ShapeError {
        check_shape(yaml).expect_err("should be refused")
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "title: \"Kranken*versicherung\"\ndescription: it's *wichtig* & gut\nurl: https://x.de/a#b\nemail: a@b.de\naliases: [/a/, '/b/']\nsources:\n  - title: A & B\n    url: https://x.de/\nnote: |\n  *not an alias*\n  &nor an anchor\nweight: 1 # comment *x\n";
        assert_eq!(check_shape(yaml), Ok(()));
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let ok = format!(
            "a: {}{}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check_shape(&ok), Ok(()));
        let deep = format!("title: A\na: {}", "[".repeat(100_000));
        let e = refused(&deep);
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("nested more than 64 levels"),
            "{}",
            e.message
        );
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut yaml = String::from("title: A\n");
        for depth in 0..100 {
            yaml.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        assert_eq!(refused(&yaml).line, 1 + MAX_DEPTH + 1);
        let dashes = format!("a:\n{}x\n", "- ".repeat(100));
        assert!(refused(&dashes).message.contains("nested"));
    }

    #[test]
    fn anchors_and_aliases_are_refused_where_values_start() {
        for yaml in [
            "a: &x 1\nb: *x\n",
            "aliases: [&a \"/x/\", *a]\n",
            "aliases:\n  - &a /x/\n",
            "a: {k: *x}\n",
            "a: !!str *x\n",
        ] {
            let e = refused(yaml);
            assert!(e.message.contains("aliases (&name, *name)"), "{yaml}");
        }
        assert_eq!(refused("title: A\n\nb: *x\n").line, 3);
    }

    #[test]
    fn quotes_spanning_lines_hide_their_content() {
        assert_eq!(check_shape("a: \"x\n  *y [[[\n  z\"\nb: 1\n"), Ok(()));
        assert_eq!(check_shape("a: 'it''s\n  &y'\n"), Ok(()));
    }
}
