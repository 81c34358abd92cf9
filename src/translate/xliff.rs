//! XLIFF 1.2 files (namespace `urn:oasis:names:tc:xliff:document:1.2`):
//! written here, read with quick-xml.
//!
//! One `<file>` per page; a `<trans-unit>` per unit with its `<source>`,
//! `<target>` (`state`: `translated`, `needs-review-translation` for a
//! draft to check, `needs-translation` when empty; `state-qualifier=
//! "mt-suggestion"` for a machine draft) and `<note>`s for context. A
//! description carries `maxwidth="160" size-unit="char"`. Notes with
//! `from="lotse-…"` carry what lotse reads back: the original's date, the
//! speaker's check, a unit's previous source text.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::exchange::{exchange_code, utf8, Catalog, Entry, ReadError};
use super::tags;

/// The XLIFF 1.2 namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

const SOURCE_UPDATED: &str = "lotse-source-updated";
const REVIEWED: &str = "lotse-reviewed-by-speaker";
const PREVIOUS: &str = "lotse-previous-source";
/// A note repeating the unit id, which translate-toolkit's xliff2po keeps as a comment.
const UNIT_NOTE: &str = "unit: ";

fn attr(text: &str) -> String {
    tags::escape(text).replace('"', "&quot;")
}

/// Writes a catalog as an XLIFF 1.2 file.
pub fn write(catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n"));
    out.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\">\n",
        attr(&catalog.original),
        attr(&exchange_code(&catalog.source_lang).replace('_', "-")),
        attr(&exchange_code(&catalog.target_lang).replace('_', "-"))
    ));
    out.push_str("    <header>\n");
    out.push_str("      <tool tool-id=\"lotse\" tool-name=\"lotse\"/>\n");
    for note in &catalog.notes {
        out.push_str(&format!(
            "      <note from=\"lotse\">{}</note>\n",
            tags::escape(note)
        ));
    }
    if let Some(d) = &catalog.source_updated {
        out.push_str(&format!(
            "      <note from=\"{SOURCE_UPDATED}\">{}</note>\n",
            tags::escape(d)
        ));
    }
    if let Some(d) = &catalog.reviewed_by_speaker {
        out.push_str(&format!(
            "      <note from=\"{REVIEWED}\">{}</note>\n",
            tags::escape(d)
        ));
    }
    out.push_str("    </header>\n    <body>\n");
    for entry in &catalog.entries {
        let limit = entry
            .limit
            .map(|n| format!(" maxwidth=\"{n}\" size-unit=\"char\""))
            .unwrap_or_default();
        out.push_str(&format!(
            "      <trans-unit id=\"{}\" resname=\"{}\"{limit}>\n",
            attr(&entry.id),
            attr(&entry.id)
        ));
        out.push_str(&format!("        <source>{}</source>\n", entry.source));
        let (state, qualifier) = if entry.target.is_empty() {
            ("needs-translation", "")
        } else if entry.fuzzy {
            ("needs-review-translation", "")
        } else {
            ("translated", "")
        };
        let qualifier = if entry.machine && !entry.target.is_empty() {
            " state-qualifier=\"mt-suggestion\""
        } else {
            qualifier
        };
        out.push_str(&format!(
            "        <target state=\"{state}\"{qualifier}>{}</target>\n",
            entry.target
        ));
        if let Some((file, line)) = entry.reference.as_deref().and_then(|r| r.rsplit_once(':')) {
            out.push_str(&format!(
                "        <context-group name=\"po-reference\" purpose=\"location\">\n          <context context-type=\"sourcefile\">{}</context>\n          <context context-type=\"linenumber\">{}</context>\n        </context-group>\n",
                tags::escape(file),
                tags::escape(line)
            ));
        }
        for note in &entry.notes {
            out.push_str(&format!(
                "        <note from=\"developer\">{}</note>\n",
                tags::escape(note)
            ));
        }
        out.push_str(&format!(
            "        <note from=\"developer\">{UNIT_NOTE}{}</note>\n",
            tags::escape(&entry.id)
        ));
        if let Some(p) = &entry.previous {
            out.push_str(&format!(
                "        <note from=\"{PREVIOUS}\">{}</note>\n",
                tags::escape(p)
            ));
        }
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

fn get(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// Reads an XLIFF 1.2 file (its first `<file>`).
pub fn read(bytes: &[u8]) -> Result<Catalog, ReadError> {
    let text = utf8(bytes)?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let line_at = |pos: u64| {
        let end = (pos as usize).min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut catalog = Catalog::default();
    let mut entry: Option<Entry> = None;
    let mut state: Option<String> = None;
    let mut saw_root = false;
    let mut files = 0;
    let mut file: Option<String> = None;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            ReadError::at(
                line_at(reader.error_position()),
                format!("the file is not well-formed XML: {e}"),
            )
        })?;
        let line = line_at(pos);
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if !saw_root => {
                if e.local_name().as_ref() != b"xliff"
                    || get(&e, "xmlns").as_deref() != Some(NAMESPACE)
                    || get(&e, "version").as_deref() != Some("1.2")
                {
                    return Err(ReadError::at(line, format!("this is not an XLIFF 1.2 file: lotse reads <xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">")));
                }
                saw_root = true;
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"file" => {
                    files += 1;
                    if files > 1 {
                        return Err(ReadError::at(line, "more than one <file> in one XLIFF file: lotse writes one page per file; import them one by one"));
                    }
                    catalog.original = get(&e, "original").unwrap_or_default();
                    catalog.source_lang = get(&e, "source-language").unwrap_or_default();
                    catalog.target_lang = get(&e, "target-language").unwrap_or_default();
                    if catalog.target_lang.is_empty() || catalog.original.is_empty() {
                        return Err(ReadError::at(line, "the <file> element lacks original= or target-language= (keep them as lotse wrote them)"));
                    }
                }
                b"trans-unit" => {
                    let id = get(&e, "id")
                        .ok_or_else(|| ReadError::at(line, "a <trans-unit> without id="))?;
                    entry = Some(Entry {
                        id,
                        line,
                        limit: get(&e, "maxwidth").and_then(|w| w.parse().ok()),
                        ..Entry::default()
                    });
                }
                b"source" | b"target" => {
                    let is_target = e.local_name().as_ref() == b"target";
                    if is_target {
                        state = get(&e, "state");
                        if let Some(en) = entry.as_mut() {
                            en.machine =
                                get(&e, "state-qualifier").as_deref() == Some("mt-suggestion");
                        }
                    }
                    let inner = inline(&mut reader, e.local_name().as_ref(), line)?;
                    let Some(en) = entry.as_mut() else { continue };
                    if is_target {
                        en.target = inner;
                    } else {
                        en.source = inner;
                    }
                }
                b"note" => {
                    let from = get(&e, "from").unwrap_or_default();
                    let inner = tags::plain(&inline(&mut reader, b"note", line)?);
                    match (entry.as_mut(), from.as_str()) {
                        (Some(_), _) if inner.starts_with(UNIT_NOTE) => {}
                        (Some(en), PREVIOUS) => en.previous = Some(inner),
                        (Some(en), _) => en.notes.push(inner),
                        (None, SOURCE_UPDATED) => catalog.source_updated = Some(inner),
                        (None, REVIEWED) => catalog.reviewed_by_speaker = Some(inner),
                        (None, _) => catalog.notes.push(inner),
                    }
                }
                b"context" => {
                    let kind = get(&e, "context-type").unwrap_or_default();
                    let inner = tags::plain(&inline(&mut reader, b"context", line)?);
                    if let Some(en) = entry.as_mut() {
                        match kind.as_str() {
                            "sourcefile" => file = Some(inner),
                            "linenumber" => {
                                en.reference = file.take().map(|f| format!("{f}:{inner}"))
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"trans-unit" => {
                if let Some(mut en) = entry.take() {
                    let s = state.take().unwrap_or_default();
                    en.fuzzy = s.starts_with("needs-review")
                        || s == "needs-adaptation"
                        || s == "needs-l10n"
                        || (s == "needs-translation" && !en.target.is_empty());
                    catalog.entries.push(en);
                }
            }
            _ => {}
        }
    }
    if files == 0 {
        return Err(ReadError::at(1, "the file has no <file> element"));
    }
    Ok(catalog)
}

/// The content of `<source>`, `<target>` or `<note>` as a unit's text.
fn inline(reader: &mut Reader<&[u8]>, end: &[u8], line: usize) -> Result<String, ReadError> {
    let mut out = String::new();
    let end = end.to_vec();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ReadError::at(line, format!("the file is not well-formed XML: {e}")))?;
        let bad = |name: &[u8]| {
            ReadError::at(
                line,
                format!(
                    "the tag <{}> is not one lotse writes: keep the <x/> and <g> tags of the source",
                    String::from_utf8_lossy(name)
                ),
            )
        };
        match event {
            Event::Text(t) => {
                let t = t
                    .decode()
                    .map_err(|_| ReadError::at(line, "the text is not UTF-8"))?;
                out.push_str(&tags::escape(&t.replace("\r\n", "\n")));
            }
            Event::CData(t) => {
                let t = t
                    .decode()
                    .map_err(|_| ReadError::at(line, "the text is not UTF-8"))?;
                out.push_str(&tags::escape(&t));
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match r.decode().map_err(|_| ReadError::at(line, "bad entity"))?.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(ReadError::at(
                                line,
                                format!("unknown entity &{other}; (XML knows &amp; &lt; &gt; &quot; &apos;)"),
                            ))
                        }
                    },
                };
                out.push_str(&tags::escape(&c.to_string()));
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"g" => out.push_str(&format!(
                    "<g id=\"{}\">",
                    attr(&get(&e, "id").unwrap_or_default())
                )),
                b"mrk" => {}
                other => return Err(bad(other)),
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"x" => out.push_str(&format!(
                    "<x id=\"{}\"/>",
                    attr(&get(&e, "id").unwrap_or_default())
                )),
                b"g" => out.push_str(&format!(
                    "<g id=\"{}\"></g>",
                    attr(&get(&e, "id").unwrap_or_default())
                )),
                b"mrk" => {}
                other => return Err(bad(other)),
            },
            Event::End(e) => {
                let name = e.local_name();
                if name.as_ref() == end.as_slice() {
                    return Ok(out);
                }
                if name.as_ref() == b"g" {
                    out.push_str("</g>");
                }
            }
            Event::Eof => return Err(ReadError::at(line, "the file ends inside an element")),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back_the_same() {
        let catalog = Catalog {
            source_lang: "de".into(),
            target_lang: "fa".into(),
            original: "content/de/health/emergency.md".into(),
            source_updated: Some("2026-12-05".into()),
            reviewed_by_speaker: Some("2026-12-06".into()),
            notes: vec!["Whole article: no history & no dates.".into()],
            entries: vec![
                Entry {
                    id: "#numbers/1".into(),
                    source: "A &amp; <g id=\"1\">B &lt;b&gt;</g>\nC \"q\"<x id=\"2\"/>".into(),
                    target: "الف <g id=\"1\">ب</g>\nج<x id=\"2\"/>".into(),
                    previous: Some("Old <g id=\"1\">B</g>".into()),
                    fuzzy: true,
                    notes: vec!["paragraph in section numbers".into()],
                    reference: Some("content/de/health/emergency.md:12".into()),
                    line: 11,
                    ..Entry::default()
                },
                Entry {
                    id: "description".into(),
                    source: "Kurz".into(),
                    target: "کوتاه".into(),
                    machine: true,
                    limit: Some(160),
                    line: 24,
                    ..Entry::default()
                },
                Entry {
                    id: "title".into(),
                    source: "Notruf".into(),
                    line: 29,
                    ..Entry::default()
                },
            ],
        };
        let text = write(&catalog);
        assert!(
            text.contains("state=\"translated\" state-qualifier=\"mt-suggestion\""),
            "{text}"
        );
        assert!(
            text.contains("maxwidth=\"160\" size-unit=\"char\""),
            "{text}"
        );
        assert_eq!(read(text.as_bytes()).unwrap(), catalog, "{text}");
    }

    #[test]
    fn foreign_tags_and_broken_xml_name_the_line() {
        let good = write(&Catalog {
            source_lang: "de".into(),
            target_lang: "ar".into(),
            original: "content/de/a/b.md".into(),
            entries: vec![Entry {
                id: "title".into(),
                source: "A".into(),
                target: "B".into(),
                ..Entry::default()
            }],
            ..Catalog::default()
        });
        let e = read(good.replace(">B<", "><ph id=\"1\">x</ph><").as_bytes()).unwrap_err();
        assert_eq!(e.line, 10);
        assert!(e.message.contains("<ph>"), "{e:?}");
        let e = read(good.replace("</target>", "").as_bytes()).unwrap_err();
        assert_eq!(e.line, 10, "{e:?}");
        let e = read(good.replace("</trans-unit>", "").as_bytes()).unwrap_err();
        assert!(e.message.contains("well-formed"), "{e:?}");
        let e = read(good.replace(NAMESPACE, "urn:x").as_bytes()).unwrap_err();
        assert!(e.message.contains("XLIFF 1.2"), "{e:?}");
    }
}
