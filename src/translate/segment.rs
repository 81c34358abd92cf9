//! An article cut into translation units, and put together again.
//!
//! The units are the translatable front matter (title, description, claim,
//! image_alt) and every block of running text of the body (heading,
//! paragraph, list item, table cell, quoted paragraph). The body is cut with
//! pulldown-cmark's source offsets, so that everything around the units
//! (list markers, section ids, code blocks, raw HTML blocks, blank lines)
//! stays byte for byte as written. Inline markup inside a unit becomes
//! placeholders ([`super::tags`]); their Markdown is kept here, so that a
//! translation cannot change a link target.
//!
//! Unit ids follow the article's sections: `title`, `description`, `#costs`
//! (a heading), `#costs/2` (the second block under it), `top/1` (the first
//! block before any heading). A translation made from the original has the
//! same sections, so the ids match across languages.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::tags::{self, Piece};
use crate::content::front_matter;
use crate::content::{CLAIM_CHARS, PREVIEW_CHARS};

/// The front matter keys whose text is translated.
pub const FRONT_KEYS: &[&str] = &["title", "description", "claim", "image_alt"];

/// What a unit is in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A front matter text (title, description, claim, image_alt).
    Front(&'static str),
    /// A heading.
    Heading,
    /// A paragraph.
    Paragraph,
    /// The text of a list item.
    ListItem,
    /// A table cell.
    TableCell,
    /// A paragraph inside a quote.
    Quote,
    /// The text of an image for people who cannot see it (inside another unit).
    ImageAlt,
    /// The title of a link, shown on hover (inside another unit).
    LinkTitle,
}

impl Kind {
    /// The name shown to translators.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Front(key) => key,
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::ListItem => "list item",
            Kind::TableCell => "table cell",
            Kind::Quote => "quote",
            Kind::ImageAlt => "image description (alt text)",
            Kind::LinkTitle => "link title",
        }
    }
}

/// The Markdown behind one placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Markup {
    /// Around text (`*`…`*`, `[`…`](target)`).
    Paired(String, String),
    /// On its own (inline code, raw HTML, a footnote reference, a line break).
    Standalone(String),
}

/// One translation unit.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Stable id (see the module doc).
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Its text, with placeholders.
    pub text: String,
    /// The id of the section it is in (`None` before the first heading).
    pub section: Option<String>,
    /// The heading of that section, without markup.
    pub heading: Option<String>,
    /// The file line where it starts.
    pub line: usize,
    /// The longest text that is shown whole, in characters.
    pub limit: Option<usize>,
    /// Where it is in the file.
    place: Place,
    /// The Markdown of each placeholder, by id (from 1).
    markup: Vec<Markup>,
    /// Texts inside that Markdown that are units of their own (alt texts, link titles).
    holes: Vec<Hole>,
    /// For an alt text or link title: the unit whose markup holds it.
    pub parent: Option<String>,
}

/// A unit inside the Markdown of another unit's placeholder.
#[derive(Debug, Clone)]
struct Hole {
    /// The placeholder (index into `markup`).
    markup: usize,
    /// In the closing part of a paired placeholder.
    close: bool,
    /// Where, in that part's Markdown.
    range: Range<usize>,
    /// The unit's id.
    unit: String,
    /// The character that ends it (`]` for an alt text, the title's quote).
    delimiter: char,
}

#[derive(Debug, Clone)]
enum Place {
    Front(&'static str),
    Body {
        range: Range<usize>,
        /// What follows each line break inside the unit (`> `, indentation).
        breaks: Vec<String>,
    },
    /// Inside the markup of another unit, which writes it.
    Inside(Range<usize>),
}

/// An article's text and its units.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's text (without a BOM, with LF line endings).
    pub text: String,
    /// The units, in file order (front matter first).
    pub units: Vec<Unit>,
    yaml: Range<usize>,
}

/// Why a unit's translation cannot be put into the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitError {
    /// The unit's id.
    pub id: String,
    /// What is wrong, in a translator's words.
    pub message: String,
}

impl Document {
    /// Cuts a page's text into units; `Err` with line and message when its front matter is broken.
    pub fn parse(text: &str) -> Result<Document, front_matter::FrontMatterError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n");
        let parsed = front_matter::parse(&text)?;
        let body_start = text.len() - parsed.body.len();
        let yaml_end = text[..body_start]
            .trim_end_matches('\n')
            .rfind('\n')
            .map_or(4, |at| at + 1);
        let mut units = Vec::new();
        for key in FRONT_KEYS {
            let value = match *key {
                "title" => Some(&parsed.front.title),
                "description" => parsed.front.description.as_ref(),
                "claim" => parsed.front.claim.as_ref(),
                _ => parsed.front.image_alt.as_ref(),
            };
            let Some(value) = value else { continue };
            units.push(Unit {
                id: key.to_string(),
                kind: Kind::Front(key),
                text: tags::escape(value),
                section: None,
                heading: None,
                line: parsed.key_lines.get(*key).copied().unwrap_or(2),
                limit: match *key {
                    "description" => Some(PREVIEW_CHARS),
                    "claim" => Some(CLAIM_CHARS),
                    _ => None,
                },
                place: Place::Front(key),
                markup: Vec::new(),
                holes: Vec::new(),
                parent: None,
            });
        }
        body_units(&text, body_start, &mut units);
        Ok(Document {
            text,
            units,
            yaml: 4..yaml_end,
        })
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The units' ids and kinds, to tell whether two articles have the same structure.
    pub fn shape(&self) -> Vec<(&str, Kind)> {
        self.units
            .iter()
            .filter(|u| !matches!(u.kind, Kind::Front(_)))
            .map(|u| (u.id.as_str(), u.kind))
            .collect()
    }
}

impl Unit {
    /// This unit's text written with the placeholder ids of `source` (the
    /// same unit in the original), or `None` when its markup differs from
    /// the original's.
    pub fn text_for(&self, source: &Unit) -> Option<String> {
        let pieces = tags::parse(&self.text).ok()?;
        let theirs: Vec<Markup> = (0..source.markup.len())
            .map(|i| source.signature(i))
            .collect();
        let mut used = vec![false; theirs.len()];
        let mut take = |n: u32| -> Option<u32> {
            let mine = self.signature(n.checked_sub(1)? as usize);
            let at = (0..theirs.len()).find(|&i| !used[i] && theirs[i] == mine)?;
            used[at] = true;
            Some(at as u32 + 1)
        };
        let mut out = Vec::with_capacity(pieces.len());
        for piece in pieces {
            out.push(match piece {
                Piece::Open(n) => Piece::Open(take(n)?),
                Piece::Standalone(n) => Piece::Standalone(take(n)?),
                other => other,
            });
        }
        Some(tags::write(&out))
    }

    /// True when the unit has text to translate (not only placeholders).
    pub fn has_text(&self) -> bool {
        !tags::plain(&self.text).trim().is_empty()
    }

    /// A placeholder's Markdown with the units inside it left out, to compare markup.
    fn signature(&self, i: usize) -> Markup {
        let none = |_: &Hole| Some(String::new());
        match self.markup.get(i) {
            Some(Markup::Paired(o, c)) => Markup::Paired(
                self.with_holes(i, false, o, &none),
                self.with_holes(i, true, c, &none),
            ),
            Some(Markup::Standalone(t)) => Markup::Standalone(self.with_holes(i, false, t, &none)),
            None => Markup::Standalone(String::new()),
        }
    }

    /// A placeholder's Markdown with the units inside it filled by `value` (kept when `None`).
    fn with_holes(
        &self,
        i: usize,
        close: bool,
        raw: &str,
        value: &dyn Fn(&Hole) -> Option<String>,
    ) -> String {
        let mut holes: Vec<&Hole> = self
            .holes
            .iter()
            .filter(|h| h.markup == i && h.close == close)
            .collect();
        holes.sort_by_key(|h| h.range.start);
        let mut out = String::new();
        let mut at = 0;
        for h in holes {
            out.push_str(&raw[at..h.range.start]);
            match value(h) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&raw[h.range.clone()]),
            }
            at = h.range.end;
        }
        out.push_str(&raw[at..]);
        out
    }

    /// Checks a translation of this unit: its placeholders must be exactly
    /// this unit's, each once, paired ones properly nested.
    pub fn check(&self, target: &str) -> Result<Vec<Piece>, String> {
        let pieces = tags::parse(target)?;
        let mut seen = BTreeSet::new();
        let mut open = Vec::new();
        for piece in &pieces {
            let (n, paired) = match piece {
                Piece::Open(n) => (*n, true),
                Piece::Standalone(n) => (*n, false),
                Piece::Close => {
                    if open.pop().is_none() {
                        return Err("a closing </g> has no opening <g> tag".into());
                    }
                    continue;
                }
                Piece::Text(_) => continue,
            };
            let tag = if paired {
                format!("<g id=\"{n}\">")
            } else {
                format!("<x id=\"{n}\"/>")
            };
            match self.markup.get((n as usize).wrapping_sub(1)) {
                Some(Markup::Paired(..)) if paired => {}
                Some(Markup::Standalone(_)) if !paired => {}
                _ => {
                    return Err(format!(
                        "the placeholder {tag} is not in the source text (it was changed or added): use the source's placeholders"
                    ))
                }
            }
            if !seen.insert(n) {
                return Err(format!(
                    "the placeholder {tag} is there twice: keep it once, as in the source"
                ));
            }
            if paired {
                open.push(n);
            }
        }
        if let Some(n) = open.last() {
            return Err(format!("the tag <g id=\"{n}\"> is not closed with </g>"));
        }
        if let Some(n) = (1..=self.markup.len() as u32).find(|n| !seen.contains(n)) {
            let tag = match self.markup[n as usize - 1] {
                Markup::Paired(..) => format!("<g id=\"{n}\">…</g>"),
                Markup::Standalone(_) => format!("<x id=\"{n}\"/>"),
            };
            return Err(format!(
                "the placeholder {tag} of the source is missing: put it where it belongs in the translation"
            ));
        }
        Ok(pieces)
    }

    /// The Markdown of a checked translation, with this unit's markup.
    fn markdown(
        &self,
        pieces: &[Piece],
        breaks: Option<&[String]>,
        hole: &dyn Fn(&Hole) -> Option<String>,
    ) -> String {
        let mut out = String::new();
        let mut open = Vec::new();
        // A line break stays one where the block already has them (a
        // paragraph, a setext heading), followed by what followed the
        // template's breaks (each its own when there are as many, else the
        // first); elsewhere (a table cell, a `#` heading) it becomes a space.
        let count: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.matches('\n').count(),
                _ => 0,
            })
            .sum();
        let mut n = 0;
        let mut next_break = || -> String {
            let after = match breaks {
                Some(b) if b.len() == count => b[n].clone(),
                Some(b) => b.first().cloned().unwrap_or_default(),
                None => String::new(),
            };
            n += 1;
            after
        };
        for piece in pieces {
            match piece {
                Piece::Text(t) => {
                    let t = t.replace('\r', "");
                    match (self.kind, breaks) {
                        (Kind::Front(_), _) => out.push_str(&t),
                        (_, None) => out.push_str(&t.replace('\n', " ")),
                        (_, Some(_)) => {
                            let mut lines = t.split('\n');
                            out.push_str(lines.next().unwrap_or_default());
                            for line in lines {
                                out.push('\n');
                                out.push_str(&next_break());
                                out.push_str(line);
                            }
                        }
                    }
                }
                Piece::Open(n) => {
                    if let Some(Markup::Paired(o, _)) = self.markup.get(*n as usize - 1) {
                        out.push_str(&self.with_holes(*n as usize - 1, false, o, hole));
                    }
                    open.push(*n);
                }
                Piece::Close => {
                    if let Some((n, Markup::Paired(_, c))) = open
                        .pop()
                        .and_then(|n| Some((n, self.markup.get(n as usize - 1)?)))
                    {
                        out.push_str(&self.with_holes(n as usize - 1, true, c, hole));
                    }
                }
                Piece::Standalone(n) => {
                    if let Some(Markup::Standalone(s)) = self.markup.get(*n as usize - 1) {
                        out.push_str(&self.with_holes(*n as usize - 1, false, s, hole));
                    }
                }
            }
        }
        out
    }
}

/// Puts translations into `template` (the existing translation, or the
/// original for a new one): `targets` maps unit ids to checked texts, which
/// carry the placeholder ids of the units of `source`. Returns the new text.
pub fn fill(
    template: &Document,
    source: &Document,
    targets: &HashMap<String, String>,
) -> Result<String, UnitError> {
    let mut body: Vec<(Range<usize>, String)> = Vec::new();
    let mut front: Vec<(&'static str, String)> = Vec::new();
    // An alt text or link title is written by the unit that holds it: its
    // translation, or the template's own text when it has none.
    let hole = |h: &Hole| -> Option<String> {
        let kept = template.unit(&h.unit).and_then(|u| match &u.place {
            Place::Inside(r) => Some(template.text[r.clone()].to_string()),
            _ => None,
        });
        match targets.get(&h.unit) {
            // Unchanged text keeps its Markdown as written.
            Some(t) => {
                let text = tags::plain(t).replace(['\n', '\r'], " ");
                match kept {
                    Some(raw) if unescape_in(&raw, h.delimiter) == text => Some(raw),
                    _ => Some(escape_in(&text, h.delimiter)),
                }
            }
            None => kept,
        }
    };
    for unit in &template.units {
        let fail = |message: String| UnitError {
            id: unit.id.clone(),
            message,
        };
        if let Place::Inside(_) = unit.place {
            if let Some(t) = targets.get(&unit.id) {
                source
                    .unit(&unit.id)
                    .unwrap_or(unit)
                    .check(t)
                    .map_err(fail)?;
            }
            continue;
        }
        let markup_of = source.unit(&unit.id).unwrap_or(unit);
        let inner_changed = unit.holes.iter().any(|h| targets.contains_key(&h.unit));
        let own;
        let target = match targets.get(&unit.id) {
            Some(t) => t,
            None if inner_changed => {
                own = if std::ptr::eq(template, source) {
                    Some(unit.text.clone())
                } else {
                    unit.text_for(markup_of)
                };
                match &own {
                    Some(t) => t,
                    None => {
                        return Err(fail(
                            "its alt text or link title cannot be put in: the markup around it differs from the original's".into(),
                        ))
                    }
                }
            }
            None => continue,
        };
        let pieces = markup_of.check(target).map_err(fail)?;
        match &unit.place {
            Place::Inside(_) => {}
            Place::Front(key) => {
                let value = markup_of.markdown(&pieces, None, &hole);
                if tags::escape(&value) != unit.text {
                    front.push((key, value));
                }
            }
            Place::Body { range, breaks } => {
                let breaks = (!breaks.is_empty() || unit.kind == Kind::Paragraph)
                    .then_some(breaks.as_slice());
                let mut md = markup_of.markdown(&pieces, breaks, &hole);
                if md.trim().is_empty() {
                    return Err(fail("the translation is empty".into()));
                }
                if md.trim() != md {
                    md = md.trim().to_string();
                }
                body.push((range.clone(), md));
            }
        }
    }
    body.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(template.text.len());
    let mut yaml = template.text[template.yaml.clone()].to_string();
    for (key, value) in front {
        yaml = set_key(&yaml, key, Some(&yaml_string(&value)));
    }
    out.push_str(&template.text[..template.yaml.start]);
    out.push_str(&yaml);
    let mut at = template.yaml.end;
    for (range, md) in body {
        out.push_str(&template.text[at..range.start]);
        out.push_str(&md);
        at = range.end;
    }
    out.push_str(&template.text[at..]);
    Ok(out)
}

/// The characters a backslash escapes inside an alt text (`]`) or a title (its quote).
fn escaped_chars(delimiter: char) -> &'static [char] {
    match delimiter {
        ']' => &['[', ']'],
        ')' => &['(', ')'],
        '"' => &['"'],
        _ => &['\''],
    }
}

/// Text written into an alt text or a title, its delimiters escaped.
fn escape_in(text: &str, delimiter: char) -> String {
    let special = escaped_chars(delimiter);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if special.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text of an alt text or a title as written, its escaped delimiters read.
fn unescape_in(raw: &str, delimiter: char) -> String {
    let special = escaped_chars(delimiter);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| special.contains(n)) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Where a link's or image's title is in its Markdown from `](` on, when
/// it is written plainly (with at most its quotes escaped; else it stays
/// part of the markup).
fn title_range(raw: &str, title: &str) -> Option<(Range<usize>, char)> {
    if title.is_empty() {
        return None;
    }
    let end = raw.trim_end().strip_suffix(')')?.trim_end();
    let delimiter = end.chars().last()?;
    let open = match delimiter {
        '"' => '"',
        '\'' => '\'',
        ')' => '(',
        _ => return None,
    };
    let close_at = end.len() - 1;
    // The opening quote is the last one before that is not escaped.
    let escaped = |at: usize| end[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1;
    let open_at = end[..close_at]
        .match_indices(open)
        .map(|(at, _)| at)
        .rfind(|&at| !escaped(at))?;
    let range = open_at + 1..close_at;
    (unescape_in(&raw[range.clone()], delimiter) == title).then_some((range, delimiter))
}

/// The front matter (the YAML between the `---` lines) of a document.
pub fn yaml_of(doc: &Document) -> &str {
    &doc.text[doc.yaml.clone()]
}

/// Replaces the front matter of `text` (a page) with `yaml`.
pub fn with_yaml(text: &str, yaml: &str) -> String {
    match Document::parse(text) {
        Ok(doc) => format!(
            "{}{}{}",
            &doc.text[..doc.yaml.start],
            yaml,
            &doc.text[doc.yaml.end..]
        ),
        Err(_) => text.to_string(),
    }
}

/// A YAML double-quoted string.
pub fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Sets (`Some`) or removes (`None`) the top-level `key` of a YAML block,
/// leaving the line alone when it already says `value`. A new key goes last.
pub fn set_key(yaml: &str, key: &str, value: Option<&str>) -> String {
    let mut lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let is_key = |l: &str| l.strip_prefix(key).is_some_and(|r| r.starts_with(':'));
    // A value that starts with a line break is a block (a plural's forms).
    let new_line = value.map(|v| {
        if v.starts_with('\n') {
            format!("{key}:{v}\n")
        } else {
            format!("{key}: {v}\n")
        }
    });
    match lines.iter().position(|l| is_key(l)) {
        Some(at) => {
            let mut end = at + 1;
            while end < lines.len() && lines[end].starts_with([' ', '\t', '-']) {
                end += 1;
            }
            let current: String = lines[at..end].concat();
            match &new_line {
                Some(l) if current.trim_end() == l.trim_end() => yaml.to_string(),
                Some(l) => {
                    lines.splice(at..end, [l.as_str()]);
                    lines.concat()
                }
                None => {
                    lines.drain(at..end);
                    lines.concat()
                }
            }
        }
        None => match new_line {
            Some(l) => {
                let mut out = yaml.to_string();
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&l);
                out
            }
            None => yaml.to_string(),
        },
    }
}

/// A unit found inside a placeholder: (placeholder index, in its closing
/// part, range in that part, kind, range in the body, delimiter).
type FoundHole = (usize, bool, Range<usize>, Kind, Range<usize>, char);

/// An open unit while the body's events are read.
#[derive(Default)]
struct Building {
    start: Option<usize>,
    end: usize,
    /// Placeholder ranges in the source: (range, id, kind).
    marks: Vec<(Range<usize>, Mark)>,
    markup: Vec<Markup>,
    /// Open inline elements: (whole range, id, first child start, last child end).
    stack: Vec<(Range<usize>, u32, Option<usize>, usize)>,
    /// The titles of the open links, by placeholder id.
    titles: Vec<(u32, String)>,
    /// Depth inside an element kept whole (an image, an autolink).
    opaque: usize,
    /// The image being read: its title, first child start, last child end, and whether its alt text is plain.
    image: Option<(String, Option<usize>, usize, bool)>,
    /// Units inside placeholders: (placeholder index, in its closing part,
    /// range in that part, kind, range in the body, delimiter).
    holes: Vec<FoundHole>,
    kind: Option<Kind>,
}

#[derive(Debug, Clone, Copy)]
enum Mark {
    Open(u32),
    Close,
    Standalone(u32),
}

impl Building {
    fn touch(&mut self, range: &Range<usize>, kind: Kind) {
        if self.start.is_none() {
            self.start = Some(range.start);
            self.kind = Some(kind);
        }
        self.end = self.end.max(range.end);
        if let Some(top) = self.stack.last_mut() {
            if top.2.is_none() {
                top.2 = Some(range.start);
            }
            top.3 = top.3.max(range.end);
        }
    }

    fn standalone(&mut self, range: Range<usize>, text: &str) {
        self.markup
            .push(Markup::Standalone(text[range.clone()].to_string()));
        self.marks
            .push((range, Mark::Standalone(self.markup.len() as u32)));
    }
}

/// The kind of a text block by the blocks around it, or `None` outside text.
fn text_kind(blocks: &[Tag<'_>]) -> Option<Kind> {
    let quoted = blocks.iter().any(|b| matches!(b, Tag::BlockQuote(_)));
    let in_item = blocks.iter().any(|b| matches!(b, Tag::Item));
    match blocks.last()? {
        Tag::Heading { .. } => Some(Kind::Heading),
        Tag::TableCell => Some(Kind::TableCell),
        Tag::Item => Some(Kind::ListItem),
        Tag::Paragraph if quoted => Some(Kind::Quote),
        Tag::Paragraph if in_item => Some(Kind::ListItem),
        Tag::Paragraph => Some(Kind::Paragraph),
        _ => None,
    }
}

fn body_units(text: &str, body_start: usize, units: &mut Vec<Unit>) {
    let body = &text[body_start..];
    let mut blocks: Vec<Tag<'_>> = Vec::new();
    let mut unit = Building::default();
    let mut section: Option<(String, String)> = None;
    let mut count = 0usize;
    let mut used_ids = BTreeSet::new();
    let mut heading_id: Option<String> = None;
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut finish = |unit: &mut Building,
                      section: &mut Option<(String, String)>,
                      heading_id: &mut Option<String>,
                      count: &mut usize,
                      units: &mut Vec<Unit>| {
        let b = std::mem::take(unit);
        let (Some(start), Some(kind)) = (b.start, b.kind) else {
            return;
        };
        let mut range = start + body_start..b.end + body_start;
        while range.start < range.end && text.as_bytes()[range.start].is_ascii_whitespace() {
            range.start += 1;
        }
        while range.end > range.start && text.as_bytes()[range.end - 1].is_ascii_whitespace() {
            range.end -= 1;
        }
        let (text_out, breaks) = unit_text(text, &range, &b, body_start);
        if tags::plain(&text_out).trim().is_empty() && b.markup.is_empty() {
            return;
        }
        let id = if kind == Kind::Heading {
            let plain = tags::plain(&text_out);
            let mut id = heading_id
                .take()
                .unwrap_or_else(|| crate::slug::slugify(&plain));
            if id.is_empty() {
                id = "section".into();
            }
            let base = id.clone();
            let mut n = 2;
            while !used_ids.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            *section = Some((id.clone(), plain));
            *count = 0;
            format!("#{id}")
        } else {
            *count += 1;
            match section {
                Some((s, _)) => format!("#{s}/{count}"),
                None => format!("top/{count}"),
            }
        };
        let mut inner = Vec::new();
        let mut holes = Vec::new();
        let (mut alts, mut titles) = (0, 0);
        for (markup, close, rel, kind, abs, delimiter) in b.holes {
            let n = match kind {
                Kind::ImageAlt => {
                    alts += 1;
                    format!("alt{alts}")
                }
                _ => {
                    titles += 1;
                    format!("title{titles}")
                }
            };
            let abs = abs.start + body_start..abs.end + body_start;
            let sub = format!("{id}/{n}");
            holes.push(Hole {
                markup,
                close,
                range: rel,
                unit: sub.clone(),
                delimiter,
            });
            inner.push(Unit {
                id: sub,
                kind,
                text: tags::escape(&unescape_in(&text[abs.clone()], delimiter)),
                section: section.as_ref().map(|s| s.0.clone()),
                heading: section.as_ref().map(|s| s.1.clone()),
                line: line_of(abs.start),
                limit: None,
                place: Place::Inside(abs),
                markup: Vec::new(),
                holes: Vec::new(),
                parent: Some(id.clone()),
            });
        }
        units.push(Unit {
            id,
            kind,
            text: text_out,
            section: section.as_ref().map(|s| s.0.clone()),
            heading: section.as_ref().map(|s| s.1.clone()),
            line: line_of(range.start),
            limit: None,
            place: Place::Body { range, breaks },
            markup: b.markup,
            holes,
            parent: None,
        });
        units.extend(inner);
    };
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let kind = text_kind(&blocks);
        if unit.opaque > 0 {
            if let Some(image) = unit.image.as_mut() {
                if !matches!(event, Event::End(_)) || unit.opaque > 1 {
                    image.1.get_or_insert(range.start);
                    image.2 = image.2.max(range.end);
                    image.3 &= matches!(event, Event::Text(_)) && unit.opaque == 1;
                }
            }
            match event {
                Event::Start(_) => unit.opaque += 1,
                Event::End(_) => unit.opaque -= 1,
                _ => {}
            }
            if unit.opaque == 0 {
                unit.standalone(range.clone(), body);
                if let Some((title, first, last, plain)) = unit.image.take() {
                    let index = unit.markup.len() - 1;
                    if let (Some(first), true) = (first, plain) {
                        if first < last {
                            unit.holes.push((
                                index,
                                false,
                                first - range.start..last - range.start,
                                Kind::ImageAlt,
                                first..last,
                                ']',
                            ));
                        }
                    }
                    let from = last.max(range.start + 2);
                    if let Some((r, d)) = title_range(&body[from..range.end], &title) {
                        let rel = from - range.start;
                        unit.holes.push((
                            index,
                            false,
                            rel + r.start..rel + r.end,
                            Kind::LinkTitle,
                            from + r.start..from + r.end,
                            d,
                        ));
                    }
                }
                if let Some(top) = unit.stack.last_mut() {
                    top.3 = top.3.max(range.end);
                }
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
                    if kind.is_some() =>
                {
                    let whole = matches!(
                        tag,
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        }
                    );
                    unit.touch(&range, kind.unwrap_or(Kind::Paragraph));
                    if whole {
                        unit.opaque = 1;
                    } else {
                        unit.markup
                            .push(Markup::Paired(String::new(), String::new()));
                        let id = unit.markup.len() as u32;
                        unit.stack.push((range.clone(), id, None, range.start));
                        if let Tag::Link {
                            link_type: LinkType::Inline,
                            title,
                            ..
                        } = &tag
                        {
                            unit.titles.push((id, title.to_string()));
                        }
                    }
                }
                Tag::Image {
                    link_type, title, ..
                } if kind.is_some() => {
                    unit.touch(&range, kind.unwrap_or(Kind::Paragraph));
                    unit.opaque = 1;
                    let title = if link_type == LinkType::Inline {
                        title.to_string()
                    } else {
                        String::new()
                    };
                    unit.image = Some((title, None, range.start, true));
                }
                Tag::Superscript | Tag::Subscript if kind.is_some() => {
                    unit.touch(&range, kind.unwrap_or(Kind::Paragraph));
                    unit.opaque = 1;
                }
                other => {
                    finish(&mut unit, &mut section, &mut heading_id, &mut count, units);
                    if let Tag::Heading { id, .. } = &other {
                        heading_id = id.as_ref().map(|s| s.to_string());
                    }
                    blocks.push(other);
                }
            },
            Event::End(end) => match end {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                    if !unit.stack.is_empty() =>
                {
                    let Some((whole, id, first, last)) = unit.stack.pop() else {
                        continue;
                    };
                    let first = first.unwrap_or(whole.end);
                    let last = last.max(first);
                    unit.markup[id as usize - 1] = Markup::Paired(
                        body[whole.start..first].to_string(),
                        body[last..whole.end].to_string(),
                    );
                    unit.marks.push((whole.start..first, Mark::Open(id)));
                    unit.marks.push((last..whole.end, Mark::Close));
                    if let Some(at) = unit.titles.iter().position(|(t, _)| *t == id) {
                        let (_, title) = unit.titles.remove(at);
                        if let Some((r, d)) = title_range(&body[last..whole.end], &title) {
                            unit.holes.push((
                                id as usize - 1,
                                true,
                                r.clone(),
                                Kind::LinkTitle,
                                last + r.start..last + r.end,
                                d,
                            ));
                        }
                    }
                    if let Some(top) = unit.stack.last_mut() {
                        top.3 = top.3.max(whole.end);
                    }
                }
                _ => {
                    finish(&mut unit, &mut section, &mut heading_id, &mut count, units);
                    blocks.pop();
                }
            },
            Event::Text(_) | Event::SoftBreak => {
                if let Some(kind) = kind {
                    unit.touch(&range, kind);
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::HardBreak
            | Event::InlineMath(_)
            | Event::TaskListMarker(_) => {
                if let Some(kind) = kind {
                    unit.touch(&range, kind);
                    let range = if matches!(event, Event::HardBreak) {
                        // The break is the spaces or backslash before the line end.
                        range.start..body[..range.end].trim_end_matches('\n').len()
                    } else {
                        range
                    };
                    unit.standalone(range, body);
                }
            }
            Event::Html(_) | Event::DisplayMath(_) | Event::Rule => {
                finish(&mut unit, &mut section, &mut heading_id, &mut count, units);
            }
        }
    }
    finish(&mut unit, &mut section, &mut heading_id, &mut count, units);
}

/// The tagged text of a unit, trimmed, and what follows its line breaks.
fn unit_text(
    text: &str,
    range: &Range<usize>,
    b: &Building,
    body_start: usize,
) -> (String, Vec<String>) {
    let mut marks = b.marks.clone();
    marks.sort_by_key(|(r, m)| (r.start, matches!(m, Mark::Close)));
    let mut out = String::new();
    let mut breaks: Vec<String> = Vec::new();
    let mut at = range.start;
    let mut gap = |from: usize, to: usize, out: &mut String| {
        let raw = &text[from..to];
        let mut lines = raw.split('\n');
        if let Some(first) = lines.next() {
            out.push_str(&tags::escape(first));
        }
        for line in lines {
            let rest = line.trim_start_matches([' ', '\t', '>']);
            let stripped = &line[..line.len() - rest.len()];
            breaks.push(stripped.to_string());
            out.push('\n');
            out.push_str(&tags::escape(rest));
        }
    };
    for (r, mark) in &marks {
        let r = r.start + body_start..r.end + body_start;
        if r.start > at {
            gap(at, r.start, &mut out);
        }
        match mark {
            Mark::Open(n) => out.push_str(&format!("<g id=\"{n}\">")),
            Mark::Close => out.push_str("</g>"),
            Mark::Standalone(n) => out.push_str(&format!("<x id=\"{n}\"/>")),
        }
        at = at.max(r.end);
    }
    if range.end > at {
        gap(at, range.end, &mut out);
    }
    (out, breaks)
}

#[cfg(test)]
mod tests;
