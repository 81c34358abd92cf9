//! Problems found while building, each tied to a file and line, collected
//! over a whole build so that an editor sees every problem at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; never fails anything.
    Note,
    /// The build goes on and succeeds.
    Warning,
    /// The build fails.
    Error,
}

/// One problem with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// The file the problem is in, relative to the site root where possible.
    pub path: Option<PathBuf>,
    /// The 1-based line in that file, where known.
    pub line: Option<usize>,
    /// What is wrong, with a hint on how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// An error in a file, at a line where known.
    pub fn error(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: Some(path.as_ref().to_path_buf()),
            line,
            message: message.into(),
        }
    }

    /// A warning in a file, at a line where known.
    pub fn warning(
        path: impl AsRef<Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, line, message)
        }
    }

    /// A note about a file: information that fails nothing.
    pub fn note(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(path, line, message)
        }
    }

    /// The severity's name: `error`, `warning` or `note`.
    pub fn severity_name(&self) -> &'static str {
        match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}: {}", self.severity_name(), self.message)
    }
}

/// All problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many problems.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Number of notes.
    pub fn note_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .count()
    }

    /// The problems sorted by file, line and message, without duplicates.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.path, a.line, &a.message, a.severity)
                .cmp(&(&b.path, b.line, &b.message, b.severity))
        });
        items.dedup();
        items
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.sorted() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The 1-based line of a byte offset in a text (for one lookup; build a
/// [`LineIndex`] for many).
pub fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line(offset)
}

/// The start of every line of a text, built once, so that the line of an
/// offset is found by binary search instead of counting from the start.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line after the first starts.
    starts: Vec<usize>,
    /// Length of the text.
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        crate::work::add(text.len() as u64 / 64 + 1);
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The 1-based line of a byte offset (offsets past the end: the last line).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        crate::work::add(1 + self.starts.len().max(1).ilog2() as u64);
        self.starts.partition_point(|&start| start <= offset) + 1
    }
}

/// The known name closest to a mistyped one, if any is close enough.
pub fn did_you_mean<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(wrong, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let d = Diagnostic::error("content/ar/a.md", Some(3), "unknown key");
        assert_eq!(d.to_string(), "content/ar/a.md:3: error: unknown key");
    }

    #[test]
    fn line_of_counts_newlines_before_offset() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("a", 99), 1);
    }

    #[test]
    fn line_index_agrees_with_counting_newlines() {
        let text = "a\n\nbc\nd\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let counted = text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            assert_eq!(index.line(offset), counted, "offset {offset}");
        }
        assert_eq!(LineIndex::new("").line(5), 1);
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", &["title", "weight"]), Some("title"));
        assert_eq!(did_you_mean("zzz", &["title", "weight"]), None);
    }

    #[test]
    fn sorted_orders_and_dedups() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("b.md", Some(1), "x"));
        all.push(Diagnostic::warning("a.md", Some(2), "y"));
        all.push(Diagnostic::error("b.md", Some(1), "x"));
        let sorted = all.sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].path.as_deref(), Some(Path::new("a.md")));
        assert_eq!(all.error_count(), 2);
        assert!(all.has_errors());
    }
}
