//! The lines of `services.yaml` that serde_yaml does not report: where each
//! service starts and where each of its keys is, read from the block layout
//! the file uses (a service written in flow style `{...}` gets its own line).

/// The line of every service and of its keys, 1-based.
#[derive(Debug, Default)]
pub(super) struct Layout<'a> {
    lines: Vec<&'a str>,
    /// For each service: its first line (0-based) and the column of its keys.
    items: Vec<(usize, usize)>,
    /// The 0-based line of the top-level `services:` key.
    services: Option<usize>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// True when `text` starts with `key` followed by `:`.
fn starts_with_key(text: &str, key: &str) -> bool {
    let unquoted = text
        .strip_prefix(key)
        .or_else(|| text.strip_prefix(&format!("\"{key}\"")))
        .or_else(|| text.strip_prefix(&format!("'{key}'")));
    unquoted.is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':'))
}

impl<'a> Layout<'a> {
    /// Reads the layout of the text.
    pub(super) fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let services = lines
            .iter()
            .position(|l| indent(l) == 0 && starts_with_key(l, "services"));
        let mut items = Vec::new();
        if let Some(start) = services {
            let mut dash_column = None;
            for (i, line) in lines.iter().enumerate().skip(start + 1) {
                if !content(line) {
                    continue;
                }
                let column = indent(line);
                if column == 0 && !line.starts_with('-') {
                    break;
                }
                let rest = &line[column..];
                let is_dash = rest == "-" || rest.starts_with("- ");
                if !is_dash || dash_column.is_some_and(|c| c != column) {
                    continue;
                }
                dash_column = Some(column);
                let after = &rest[1..];
                let key_column = if after.trim().is_empty() {
                    // `-` alone: the keys follow on the next lines.
                    lines[i + 1..]
                        .iter()
                        .find(|l| content(l))
                        .map_or(column + 2, |l| indent(l))
                } else {
                    column + 1 + indent(after)
                };
                items.push((i, key_column));
            }
        }
        Layout {
            lines,
            items,
            services,
        }
    }

    /// The line of the `services:` key.
    pub(super) fn services_line(&self) -> Option<usize> {
        self.services.map(|l| l + 1)
    }

    /// The first line of the service at `index`.
    pub(super) fn item(&self, index: usize) -> Option<usize> {
        self.items.get(index).map(|(line, _)| line + 1)
    }

    /// The 0-based lines of the service at `index`: from its first line to the next one's.
    fn range(&self, index: usize) -> Option<(usize, usize, usize)> {
        let (start, column) = *self.items.get(index)?;
        let end = self
            .items
            .get(index + 1)
            .map_or(self.lines.len(), |(l, _)| *l);
        Some((start, end, column))
    }

    /// The line of `key` in the service at `index`, else the service's first line.
    pub(super) fn key(&self, index: usize, key: &str) -> Option<usize> {
        self.find_key(index, key).or_else(|| self.item(index))
    }

    fn find_key(&self, index: usize, key: &str) -> Option<usize> {
        let (start, end, column) = self.range(index)?;
        (start..end)
            .find(|&i| {
                let line = self.lines[i];
                let prefix = if i == start { "-" } else { "" };
                line.len() > column
                    && line.is_char_boundary(column)
                    && line[..column].trim() == prefix
                    && starts_with_key(&line[column..], key)
            })
            .map(|i| i + 1)
    }

    /// The line of `sub` under `key` (a description's language) in the
    /// service at `index`, else the line of `key`.
    pub(super) fn sub_key(&self, index: usize, key: &str, sub: &str) -> Option<usize> {
        let Some(key_line) = self.find_key(index, key) else {
            return self.item(index);
        };
        let (_, end, column) = self.range(index)?;
        (key_line..end)
            .take_while(|&i| !content(self.lines[i]) || indent(self.lines[i]) > column)
            .find(|&i| starts_with_key(self.lines[i].trim_start(), sub))
            .map(|i| i + 1)
            .or(Some(key_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# services\nservices:\n  - id: a\n    name: A\n    description:\n      de: x\n      ar: y\n\n  -\n    id: b\n    phone: \"1\"\n  - {id: c, name: C}\n";

    #[test]
    fn finds_services_and_their_keys() {
        let l = Layout::new(TEXT);
        assert_eq!(l.services_line(), Some(2));
        assert_eq!(l.item(0), Some(3));
        assert_eq!(l.key(0, "id"), Some(3));
        assert_eq!(l.key(0, "name"), Some(4));
        assert_eq!(l.sub_key(0, "description", "ar"), Some(7));
        assert_eq!(l.item(1), Some(9));
        assert_eq!(l.key(1, "phone"), Some(11));
        assert_eq!(l.key(1, "name"), Some(9));
        assert_eq!(l.key(2, "name"), Some(12));
        assert_eq!(l.item(3), None);
    }
}
