//! The sample knowledge base's example contacts cannot reach real people:
//! phone numbers lie in the range that the Bundesnetzagentur reserves for
//! fictitious use, Telegram names cannot be registered, e-mail domains end
//! in `.example`.

use std::path::Path;

/// Ranges of national numbers (digits only, with the leading 0) that the
/// Bundesnetzagentur keeps free for films, books and examples: Berlin
/// 030 23125 000 to 030 23125 999.
const RESERVED: &[(&str, usize)] = &[("03023125", 3)];

/// True when `digits` (national or `+49` form) is a reserved example number.
fn reserved(number: &str) -> bool {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if number.trim_start().starts_with('+') {
        match digits.strip_prefix("49") {
            Some(rest) => format!("0{rest}"),
            None => return false,
        }
    } else {
        digits
    };
    RESERVED
        .iter()
        .any(|(prefix, rest)| national.len() == prefix.len() + rest && national.starts_with(prefix))
}

/// Phone-like runs in a text: `+49 …` or `0…` with at least seven digits.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = (chars[i] == '+' || chars[i] == '0')
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (chars[j].is_ascii_digit() || matches!(chars[j], ' ' | '/' | '-'))
        {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let run = run.trim_end_matches([' ', '/', '-']).to_string();
        if run.chars().filter(char::is_ascii_digit).count() >= 7 {
            found.push(run);
        }
        i = j.max(i + 1);
    }
    found
}

/// E-mail addresses in a text (plain `user@host.tld` runs).
fn email_domains(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\\'))
        .filter_map(|word| word.split_once('@'))
        .filter(|(user, host)| !user.is_empty() && host.contains('.'))
        .map(|(_, host)| host.trim_end_matches(['.', ',', ';', ':']).to_string())
        .collect()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_reserved_range_is_recognised() {
    assert!(reserved("+49 30 23125 101"));
    assert!(reserved("030 23125 000"));
    assert!(!reserved("+49 30 1234567"));
    assert!(!reserved("030 23125 1000"));
    assert!(!reserved("+43 30 23125 101"));
    assert_eq!(
        phone_numbers("Telefon: 030 23125 100, Fax +49 211 7654321."),
        ["030 23125 100", "+49 211 7654321"]
    );
    assert_eq!(
        email_domains("E-Mail: kim@musterstadt.example."),
        ["musterstadt.example"]
    );
}

#[test]
fn sample_contact_channels_cannot_reach_real_people() {
    let text = std::fs::read_to_string(repo().join("site.toml")).unwrap();
    let site: toml::Table = toml::from_str(&text).unwrap();
    let contact = site["contact"].as_table().unwrap();
    assert_eq!(contact["example"].as_bool(), Some(true));
    let channels = contact["channels"].as_array().unwrap();
    assert!(!channels.is_empty());
    for channel in channels {
        let kind = channel["kind"].as_str().unwrap();
        let value = channel["value"].as_str().unwrap();
        match kind {
            "whatsapp" | "signal" | "phone" => {
                assert!(
                    reserved(value),
                    "{kind} {value}: not a reserved example number"
                )
            }
            "telegram" => assert!(
                value.contains('-'),
                "{value}: a Telegram name without - could be registered by anyone"
            ),
            "email" => assert!(
                value.ends_with(".example"),
                "{value}: not an .example address"
            ),
            "facebook" | "web" => {
                let host = value
                    .trim_start_matches("https://")
                    .split('/')
                    .next()
                    .unwrap();
                assert!(host.ends_with(".example"), "{value}: not an .example host");
            }
            _ => {}
        }
    }
}

#[test]
fn sample_imprint_about_and_privacy_pages_use_example_contacts_only() {
    let mut checked = 0;
    for lang in std::fs::read_dir(repo().join("content")).unwrap() {
        let lang = lang.unwrap().path();
        for name in ["imprint.md", "about.md", "privacy.md"] {
            let path = lang.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            checked += 1;
            for number in phone_numbers(&text) {
                assert!(
                    reserved(&number),
                    "{}: {number} is not a reserved example number",
                    path.display()
                );
            }
            for domain in email_domains(&text) {
                assert!(
                    domain.ends_with(".example"),
                    "{}: {domain} is not an .example domain",
                    path.display()
                );
            }
        }
    }
    assert!(checked >= 14, "only {checked} pages found");
}

/// The sample's local sites: their contact channels, their services and
/// their own imprint, about and privacy pages use example data only.
#[test]
fn sample_local_sites_use_example_contacts_only() {
    let mut sites = 0;
    for site in std::fs::read_dir(repo().join("sites")).unwrap() {
        let site = site.unwrap().path();
        if !site.is_dir() {
            continue;
        }
        sites += 1;
        let config: toml::Table =
            toml::from_str(&std::fs::read_to_string(site.join("site.toml")).unwrap()).unwrap();
        assert_eq!(
            config["example"].as_bool(),
            Some(true),
            "{}",
            site.display()
        );
        let mut texts = vec![site.join("site.toml"), site.join("services.yaml")];
        for lang in std::fs::read_dir(site.join("content")).unwrap() {
            let lang = lang.unwrap().path();
            for name in ["imprint.md", "about.md", "privacy.md"] {
                if lang.join(name).is_file() {
                    texts.push(lang.join(name));
                }
            }
        }
        for path in texts {
            let text = std::fs::read_to_string(&path).unwrap();
            let numbers = phone_numbers(&text);
            for number in &numbers {
                assert!(
                    reserved(number),
                    "{}: {number} is not a reserved example number",
                    path.display()
                );
            }
            for domain in email_domains(&text) {
                assert!(
                    domain.ends_with(".example"),
                    "{}: {domain} is not an .example domain",
                    path.display()
                );
            }
            for line in text.lines() {
                let line = line.trim();
                if let Some(url) = line
                    .strip_prefix("web:")
                    .or_else(|| line.strip_prefix("value ="))
                    .map(|v| v.trim().trim_matches('"'))
                    .filter(|v| v.starts_with("https://") || v.starts_with("http://"))
                {
                    let host = url.split("://").nth(1).unwrap().split('/').next().unwrap();
                    assert!(host.ends_with(".example"), "{}: {url}", path.display());
                }
            }
            if path.ends_with("services.yaml") {
                assert!(
                    numbers.len() >= 8,
                    "{}: {} phone numbers",
                    path.display(),
                    numbers.len()
                );
            }
        }
    }
    assert!(sites >= 2, "the sample has two local sites");
}
