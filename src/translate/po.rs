//! gettext PO files: written and read here, because the errors must name
//! the line of the unit and the reader must keep `#|` previous texts, which
//! the PO crates on crates.io (polib) do not give.
//!
//! Each unit is an entry whose `msgctxt` is the unit id; `#.` lines carry
//! the context (and `#. machine-translated` marks a machine draft), `#:` the
//! original's file and line, `#, fuzzy` and `#| msgid` a changed source.

use super::exchange::{exchange_code, Catalog, Entry, Plural, ReadError, MACHINE_MARK};
use super::plural;

/// Writes a catalog as a PO file.
pub fn write(catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {} → {}: {}\n",
        catalog.source_lang, catalog.target_lang, catalog.original
    ));
    for note in &catalog.notes {
        out.push_str(&format!("# {}\n", note.replace('\n', " ")));
    }
    let date = catalog
        .source_updated
        .as_deref()
        .map(|d| format!("{d} 00:00+0000"))
        .unwrap_or_else(|| "2000-01-01 00:00+0000".into());
    let mut header = vec![
        ("Project-Id-Version", "lotse".to_string()),
        ("POT-Creation-Date", date.clone()),
        ("PO-Revision-Date", date),
        ("Last-Translator", "none".into()),
        (
            "Language-Team",
            format!("{} translators", catalog.target_lang),
        ),
        ("Language", exchange_code(&catalog.target_lang)),
        ("MIME-Version", "1.0".into()),
        ("Content-Type", "text/plain; charset=UTF-8".into()),
        ("Content-Transfer-Encoding", "8bit".into()),
        ("Plural-Forms", plural::of(&catalog.target_lang).header()),
        ("X-Source-Language", exchange_code(&catalog.source_lang)),
        ("X-Lotse-Original", catalog.original.clone()),
    ];
    if let Some(d) = &catalog.source_updated {
        header.push(("X-Lotse-Source-Updated", d.clone()));
    }
    if let Some(d) = &catalog.reviewed_by_speaker {
        header.push(("X-Lotse-Reviewed-By-Speaker", d.clone()));
    }
    let header: String = header.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    out.push_str("msgid \"\"\n");
    write_string(&mut out, "msgstr", &header);
    for entry in &catalog.entries {
        out.push('\n');
        for note in &entry.notes {
            for line in note.lines() {
                out.push_str(&format!("#. {line}\n"));
            }
        }
        if entry.machine {
            out.push_str(&format!("#. {MACHINE_MARK}\n"));
        }
        out.push_str(&format!("#. {UNIT_NOTE}{}\n", entry.id.replace('\n', " ")));
        if let Some(r) = &entry.reference {
            out.push_str(&format!("#: {}\n", r.replace(' ', "\u{2007}")));
        }
        if entry.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(previous) = &entry.previous {
            out.push_str(&format!("#| msgctxt {}\n", quote(&entry.id)));
            let mut p = String::new();
            write_string(&mut p, "msgid", previous);
            for line in p.lines() {
                out.push_str(&format!("#| {line}\n"));
            }
        }
        write_string(&mut out, "msgctxt", &entry.id);
        write_string(&mut out, "msgid", &entry.source);
        match &entry.plural {
            Some(p) => {
                write_string(&mut out, "msgid_plural", &p.source_plural);
                for (i, t) in p.targets.iter().enumerate() {
                    write_string(&mut out, &format!("msgstr[{i}]"), t);
                }
            }
            None => write_string(&mut out, "msgstr", &entry.target),
        }
    }
    out
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `keyword "text"`, or a multi-line string cut after each line break.
fn write_string(out: &mut String, keyword: &str, text: &str) {
    if !text.contains('\n') || text == "\n" {
        out.push_str(&format!("{keyword} {}\n", quote(text)));
        return;
    }
    out.push_str(&format!("{keyword} \"\"\n"));
    for line in text.split_inclusive('\n') {
        out.push_str(&quote(line));
        out.push('\n');
    }
}

fn unquote(text: &str, line: usize) -> Result<String, ReadError> {
    let inner = text
        .trim()
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| ReadError::at(line, "a text must stand in double quotes"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                other => {
                    return Err(ReadError::at(
                        line,
                        format!(
                            "unknown escape \\{} in a text (write \\\\ for a backslash)",
                            other.map(String::from).unwrap_or_default()
                        ),
                    ))
                }
            },
            '"' => {
                return Err(ReadError::at(
                    line,
                    "a double quote inside a text must be written \\\"",
                ))
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Which string a continuation line adds to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Ctxt,
    Id,
    IdPlural,
    Str(usize),
    PrevId,
    PrevCtxt,
}

/// An entry as read, before the header is known.
#[derive(Default)]
struct Raw {
    entry: Entry,
    ctxt: Option<String>,
    msgid: Option<String>,
    plural: Option<String>,
    strs: Vec<String>,
    obsolete: bool,
    started: bool,
    /// The unit id from the `#. unit:` comment.
    unit: Option<String>,
}

/// The comment that repeats the unit id, for tools that drop `msgctxt`
/// (translate-toolkit's po2xliff does).
const UNIT_NOTE: &str = "unit: ";

/// Reads a PO file.
pub fn read(bytes: &[u8]) -> Result<Catalog, ReadError> {
    let text = super::exchange::utf8(bytes)?;
    let mut raws: Vec<Raw> = Vec::new();
    let mut raw = Raw::default();
    let mut field: Option<Field> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let starts_entry = trimmed.starts_with('#')
            || trimmed.starts_with("msgctxt")
            || trimmed.starts_with("msgid ");
        if starts_entry && raw.msgid.is_some() {
            raws.push(std::mem::take(&mut raw));
            field = None;
        }
        if !raw.started {
            raw.started = true;
            raw.entry.line = n;
        }
        if trimmed.starts_with("#~") {
            raw.obsolete = true;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#|") {
            let rest = rest.trim();
            if let Some(s) = rest.strip_prefix("msgid ") {
                raw.entry.previous = Some(unquote(s, n)?);
                field = Some(Field::PrevId);
            } else if let Some(s) = rest.strip_prefix("msgctxt ") {
                unquote(s, n)?;
                field = Some(Field::PrevCtxt);
            } else if rest.starts_with('"') {
                let s = unquote(rest, n)?;
                if field == Some(Field::PrevId) {
                    if let Some(p) = raw.entry.previous.as_mut() {
                        p.push_str(&s);
                    }
                }
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#,") {
            if rest.split(',').any(|f| f.trim() == "fuzzy") {
                raw.entry.fuzzy = true;
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#.") {
            let rest = rest.trim();
            if rest == MACHINE_MARK {
                raw.entry.machine = true;
            } else if let Some(id) = rest.strip_prefix(UNIT_NOTE) {
                raw.unit = Some(id.trim().to_string());
            } else {
                raw.entry.notes.push(rest.to_string());
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#:") {
            raw.entry.reference = Some(rest.trim().replace('\u{2007}', " "));
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if rest.trim() == MACHINE_MARK {
                raw.entry.machine = true;
            }
            continue;
        }
        let (keyword, value) = match trimmed.find([' ', '\t', '"']) {
            Some(at) if !trimmed.starts_with('"') => (&trimmed[..at], &trimmed[at..]),
            _ => ("", trimmed),
        };
        let value = unquote(value, n)?;
        let target = match keyword {
            "" => {
                let Some(f) = field else {
                    return Err(ReadError::at(
                        n,
                        "a text in quotes without msgid or msgstr before it",
                    ));
                };
                f
            }
            "msgctxt" => Field::Ctxt,
            "msgid" => Field::Id,
            "msgid_plural" => Field::IdPlural,
            "msgstr" => Field::Str(0),
            k => match k
                .strip_prefix("msgstr[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|d| d.parse::<usize>().ok())
            {
                Some(i) if i < 6 => Field::Str(i),
                _ => {
                    return Err(ReadError::at(
                        n,
                        format!(
                            "\"{k}\" is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr)"
                        ),
                    ))
                }
            },
        };
        let append = keyword.is_empty();
        let slot = match target {
            Field::Ctxt => raw.ctxt.get_or_insert_with(String::new),
            Field::Id => raw.msgid.get_or_insert_with(String::new),
            Field::IdPlural => raw.plural.get_or_insert_with(String::new),
            Field::Str(i) => {
                if raw.strs.len() <= i {
                    raw.strs.resize(i + 1, String::new());
                }
                &mut raw.strs[i]
            }
            Field::PrevId | Field::PrevCtxt => {
                return Err(ReadError::at(
                    n,
                    "a text in quotes after a #| line needs #| too",
                ))
            }
        };
        if !append && !slot.is_empty() {
            return Err(ReadError::at(
                n,
                format!("{keyword} is written twice in one entry"),
            ));
        }
        slot.push_str(&value);
        field = Some(target);
    }
    if raw.msgid.is_some() {
        raws.push(raw);
    }
    let mut catalog = Catalog::default();
    let mut header_seen = false;
    for raw in raws {
        if raw.obsolete {
            continue;
        }
        let msgid = raw.msgid.unwrap_or_default();
        if raw.ctxt.is_none() && msgid.is_empty() {
            if header_seen {
                return Err(ReadError::at(
                    raw.entry.line,
                    "a second header entry (msgid \"\")",
                ));
            }
            header_seen = true;
            read_header(
                raw.strs.first().map(String::as_str).unwrap_or(""),
                &mut catalog,
                raw.entry.line,
            )?;
            continue;
        }
        let Some(id) = raw.unit.or(raw.ctxt) else {
            return Err(ReadError::at(
                raw.entry.line,
                "this entry has no msgctxt (the unit id lotse wrote): keep the msgctxt lines as exported",
            ));
        };
        let mut entry = raw.entry;
        entry.id = id;
        entry.source = msgid;
        match raw.plural {
            Some(p) => {
                entry.plural = Some(Plural {
                    source_plural: p,
                    targets: raw.strs.clone(),
                });
                entry.target = raw.strs.first().cloned().unwrap_or_default();
            }
            None => entry.target = raw.strs.into_iter().next().unwrap_or_default(),
        }
        catalog.entries.push(entry);
    }
    if !header_seen {
        return Err(ReadError::at(
            1,
            "the header entry (msgid \"\" with Language: and X-Lotse-Original:) is missing",
        ));
    }
    Ok(catalog)
}

fn read_header(text: &str, catalog: &mut Catalog, line: usize) -> Result<(), ReadError> {
    for field in text.lines() {
        let Some((key, value)) = field.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "Language" => catalog.target_lang = value.replace('_', "-"),
            "X-Source-Language" => catalog.source_lang = value.replace('_', "-"),
            "X-Lotse-Original" => catalog.original = value,
            "X-Lotse-Source-Updated" => catalog.source_updated = Some(value),
            "X-Lotse-Reviewed-By-Speaker" if !value.is_empty() => {
                catalog.reviewed_by_speaker = Some(value)
            }
            "Content-Type" => {
                let charset = value
                    .split("charset=")
                    .nth(1)
                    .unwrap_or("UTF-8")
                    .trim()
                    .to_ascii_uppercase();
                if charset != "UTF-8" && charset != "UTF8" {
                    return Err(ReadError::at(
                        line,
                        format!("the file says it is in {charset}: lotse reads only UTF-8; save it as UTF-8"),
                    ));
                }
            }
            _ => {}
        }
    }
    if catalog.target_lang.is_empty() || catalog.original.is_empty() {
        return Err(ReadError::at(
            line,
            "the header lacks Language: or X-Lotse-Original: (keep the header lotse wrote)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        Catalog {
            source_lang: "de".into(),
            target_lang: "ar".into(),
            original: "content/de/health/emergency.md".into(),
            source_updated: Some("2026-12-05".into()),
            reviewed_by_speaker: None,
            notes: vec!["Only changed units.".into()],
            entries: vec![
                Entry {
                    id: "#numbers/1".into(),
                    source: "Zeile \"eins\"\nZeile <g id=\"1\">zwei</g> \\ drei".into(),
                    target: "سطر\nسطر".into(),
                    previous: Some("Alt\nalt".into()),
                    fuzzy: true,
                    machine: true,
                    notes: vec!["paragraph in section numbers".into()],
                    reference: Some("content/de/health/emergency.md:12".into()),
                    line: 0,
                    ..Entry::default()
                },
                Entry {
                    id: "title".into(),
                    source: "Notruf".into(),
                    ..Entry::default()
                },
            ],
        }
    }

    #[test]
    fn written_files_read_back_the_same() {
        let catalog = sample();
        let text = write(&catalog);
        assert!(
            text.contains(
                "#, fuzzy\n#| msgctxt \"#numbers/1\"\n#| msgid \"\"\n#| \"Alt\\n\"\n#| \"alt\"\n"
            ),
            "{text}"
        );
        assert!(text.contains("#. machine-translated\n"), "{text}");
        assert!(text.contains("\"Plural-Forms: nplurals=6;"), "{text}");
        let mut back = read(text.as_bytes()).unwrap();
        assert_eq!(back.entries[0].line, 19, "{text}");
        assert_eq!(back.entries[1].line, 36, "{text}");
        for e in back.entries.iter_mut() {
            e.line = 0;
        }
        back.notes = catalog.notes.clone();
        assert_eq!(back, catalog);
    }

    #[test]
    fn broken_files_name_the_line() {
        let text = write(&sample()).replace("msgstr \"\"\n\"سطر", "msgstr \"\"\n\"سطر\"x\"");
        let e = read(text.as_bytes()).unwrap_err();
        assert!(e.message.contains("double quote"), "{e:?}");
        let e = read(b"msgid \"\"\nmsgstr \"Language: ar\\n\"\n\nmsgid \"x\"\nmsgstr \"\xff\"\n")
            .unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.message.contains("UTF-8"));
        let e = read(b"msgid \"\"\nmsgstr \"Language: ar\\nX-Lotse-Original: x\\n\"\n\nmsgid \"x\"\nmsgstr \"y\"\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("msgctxt"));
    }
}
