//! The content of an exchange file, whatever its format: one page (or the
//! UI strings) of one language pair, as a list of units.

/// One exchange file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The language translated from (`de`).
    pub source_lang: String,
    /// The language translated into (`ar`).
    pub target_lang: String,
    /// The file translated, relative to the site: `content/de/health/insurance.md` or `i18n/de.yaml`.
    pub original: String,
    /// The original's `updated` date when exported (becomes `source_updated`).
    pub source_updated: Option<String>,
    /// When a speaker of the language checked the translation (`reviewed_by_speaker`).
    pub reviewed_by_speaker: Option<String>,
    /// What the translator should know about the whole file.
    pub notes: Vec<String>,
    /// The units, in the page's order.
    pub entries: Vec<Entry>,
}

/// One translation unit in an exchange file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The unit's id (`title`, `#costs/2`, a UI key).
    pub id: String,
    /// The source text, with placeholders.
    pub source: String,
    /// The translation, with placeholders; empty when not yet translated.
    pub target: String,
    /// For UI strings with plural forms: the source's plural text and a
    /// translation per plural form of the target language (gettext order).
    pub plural: Option<Plural>,
    /// The source text the current translation was made from, when it changed since.
    pub previous: Option<String>,
    /// The translation is a draft to check (PO fuzzy, XLIFF needs-review).
    pub fuzzy: bool,
    /// The translation came from a machine.
    pub machine: bool,
    /// Context for the translator: kind, section, limits.
    pub notes: Vec<String>,
    /// Where the source is: `content/de/health/insurance.md:12`.
    pub reference: Option<String>,
    /// The longest text shown whole, in characters.
    pub limit: Option<usize>,
    /// The line of the exchange file where the unit starts (when read).
    pub line: usize,
}

/// The plural forms of a UI string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plural {
    /// The source's plural ("other") text; `Entry::source` holds its singular.
    pub source_plural: String,
    /// One translation per plural form, in the target language's gettext order.
    pub targets: Vec<String>,
}

/// The marker of a machine-translated unit in a PO file's comments.
pub const MACHINE_MARK: &str = "machine-translated";

/// The gettext `Language` and XLIFF language attribute of a site language.
pub fn exchange_code(code: &str) -> String {
    code.replace('-', "_")
}

impl Entry {
    /// True when the unit has a translation that is not a draft to check.
    pub fn is_done(&self) -> bool {
        let plural_done = self
            .plural
            .as_ref()
            .is_none_or(|p| p.targets.iter().all(|t| !t.trim().is_empty()));
        !self.fuzzy && !self.target.trim().is_empty() && plural_done
    }
}

/// Why an exchange file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The line of the exchange file.
    pub line: usize,
    /// What is wrong, in a translator's words.
    pub message: String,
}

impl ReadError {
    /// A problem at `line`.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        ReadError {
            line,
            message: message.into(),
        }
    }
}

/// The file's bytes as text, or where they are not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ReadError::at(
            line,
            "the file is not UTF-8 text: save it as UTF-8 in the translation tool",
        )
    })
}
