use super::*;

const GOOD: &str = r#"# Services of Musterstadt (example data)
services:
  - id: mbe-musterstadt
    name: "Migrationsberatung für Erwachsene (MBE)"
    kind: migration-counselling
    topics: [residence, work]
    articles: [housing/registration]
    address: "Musterstraße 5, 12345 Musterstadt"
    coordinates: [52.52000, 13.40500]
    phone: "030 23125 201"
    email: "mbe@musterstadt.example"
    web: "https://mbe.musterstadt.example/"
    opening_hours: "Mo-Th 09:00-12:00; Tu 14:00-17:00"
    languages: [de, ar, ru]
    wheelchair: yes
    description:
      de: "Beratung zu Aufenthalt, Arbeit und Sprachkursen. Kostenlos."
      ar: "استشارة حول الإقامة والعمل ودورات اللغة. مجانًا."
  - id: clinic
    name: "Praxis Beispiel"
    kind: health
    articles: [health/insurance]
    phone: "+49 30 23125 202"
    languages: [de, uk]
    description:
      de: "Hausarztpraxis mit Dolmetschern."
"#;

fn targets() -> Targets {
    Targets {
        topics: ["residence", "work", "housing", "health"]
            .map(String::from)
            .into(),
        articles: [
            "housing/registration",
            "health/insurance",
            "work/minimum-wage",
        ]
        .map(String::from)
        .into(),
        default_language: "de".into(),
    }
}

fn parse_text(text: &str) -> Result<Directory, Diagnostics> {
    parse(text, Path::new("services.yaml"), &targets())
}

/// The only error of `text` with GOOD's line `from` replaced by `to`: its line and message.
fn only_error(from: &str, to: &str) -> (Option<usize>, String) {
    assert!(GOOD.contains(from), "{from}");
    let errors = parse_text(&GOOD.replacen(from, to, 1))
        .expect_err(to)
        .sorted();
    assert_eq!(errors.len(), 1, "{to}: {errors:?}");
    assert_eq!(errors[0].path.as_deref(), Some(Path::new("services.yaml")));
    (errors[0].line, errors[0].message.clone())
}

#[test]
fn reads_every_key_into_typed_values() {
    let d = parse_text(GOOD).unwrap();
    assert_eq!(d.services.len(), 2);
    let s = &d.services[0];
    assert_eq!(s.id, "mbe-musterstadt");
    assert_eq!(s.kind, Kind::MigrationCounselling);
    assert_eq!(s.coordinates, Some((52.52, 13.405)));
    let phone = s.phone.as_ref().unwrap();
    assert_eq!(phone.e164, "+493023125201");
    assert_eq!(phone.display, "030 23125201");
    assert_eq!(s.wheelchair, Some(Wheelchair::Yes));
    assert_eq!(s.languages.len(), 3);
    assert!(s.description["ar"].starts_with("استشارة"));
    assert!(matches!(s.opening_hours, Some(OpeningHours::Rules { .. })));
}

#[test]
fn articles_get_their_services_speakers_of_the_language_first() {
    let d = parse_text(GOOD).unwrap();
    let ids = |key, lang| -> Vec<&str> {
        d.for_article(key, lang)
            .iter()
            .map(|s| s.id.as_str())
            .collect()
    };
    assert_eq!(ids("housing/registration", "de"), ["mbe-musterstadt"]);
    assert_eq!(ids("work/minimum-wage", "ar"), ["mbe-musterstadt"]);
    assert_eq!(ids("health/insurance", "uk"), ["clinic"]);
    assert!(ids("health/other", "de").is_empty());
    let mut both = d.clone();
    both.services[1].articles.push("work/minimum-wage".into());
    let order: Vec<&str> = both
        .for_article("work/minimum-wage", "uk")
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(order, ["clinic", "mbe-musterstadt"]);
    let topics: Vec<String> = ["health", "housing", "residence", "family"]
        .map(String::from)
        .into();
    let grouped: Vec<(String, usize)> = d
        .by_topic(&topics, "de")
        .into_iter()
        .map(|(t, s)| (t, s.len()))
        .collect();
    assert_eq!(
        grouped,
        [
            ("health".into(), 1),
            ("housing".into(), 1),
            ("residence".into(), 1)
        ]
    );
}

#[test]
fn unknown_keys_have_their_line_and_a_hint() {
    let (line, message) = only_error("    wheelchair: yes", "    wheelchiar: yes");
    assert_eq!(line, Some(15));
    assert_eq!(
        message,
        "service \"mbe-musterstadt\": unknown key \"wheelchiar\" (did you mean \"wheelchair\"?)"
    );
    let (line, message) = only_error("services:", "servces:");
    assert_eq!(line, Some(2));
    assert!(message.contains("did you mean \"services\""), "{message}");
}

#[test]
fn duplicate_ids_name_the_first() {
    let (line, message) = only_error("  - id: clinic", "  - id: mbe-musterstadt");
    assert_eq!(line, Some(19));
    assert!(
        message.contains("\"mbe-musterstadt\" is used twice (first on line 3)"),
        "{message}"
    );
}

#[test]
fn each_rule_reports_its_line() {
    for (from, to, line, says) in [
        (
            "kind: health",
            "kind: helth",
            21,
            "unknown kind \"helth\" (did you mean \"health\"?",
        ),
        (
            "topics: [residence, work]",
            "topics: [residence, wrok]",
            6,
            "topic \"wrok\" does not exist (did you mean \"work\"?)",
        ),
        (
            "articles: [health/insurance]",
            "articles: [health/nsurance]",
            22,
            "article \"health/nsurance\" does not exist",
        ),
        (
            "opening_hours: \"Mo-Th",
            "opening_hours: \"Mo-Thu",
            13,
            "opening_hours \"Thu\" is not a day",
        ),
        (
            "phone: \"030 23125 201\"",
            "phone: \"0123 456789\"",
            10,
            "phone \"0123 456789\" is not a valid phone number",
        ),
        (
            "phone: \"030 23125 201\"",
            "phone: 4930231252",
            10,
            "write the phone number in quotes",
        ),
        (
            "email: \"mbe@musterstadt.example\"",
            "email: \"mbe@musterstadt\"",
            11,
            "is not an e-mail address",
        ),
        (
            "web: \"https://mbe",
            "web: \"ftp://mbe",
            12,
            "must start with https://",
        ),
        (
            "web: \"https://mbe.musterstadt.example/\"",
            "web: \"mbe.musterstadt.example\"",
            12,
            "is not a web address",
        ),
        (
            "coordinates: [52.52000, 13.40500]",
            "coordinates: [152.5, 13.4]",
            9,
            "coordinates must be [latitude, longitude]",
        ),
        (
            "languages: [de, ar, ru]",
            "languages: [de, \"arabic!\"]",
            14,
            "invalid language code \"arabic!\"",
        ),
        (
            "wheelchair: yes",
            "wheelchair: partly",
            15,
            "wheelchair must be yes, limited or no",
        ),
        (
            "      de: \"Hausarzt",
            "      en: \"Hausarzt",
            25,
            "description needs a text in the site's default language (de)",
        ),
        (
            "      ar: \"استشارة",
            "      a_r: \"استشارة",
            18,
            "description: invalid language code \"a_r\"",
        ),
        (
            "  - id: clinic",
            "  - id: Clinic",
            19,
            "may only have lowercase letters",
        ),
        (
            "    name: \"Praxis Beispiel\"\n",
            "",
            19,
            "missing required key \"name\"",
        ),
        (
            "    articles: [health/insurance]\n",
            "",
            19,
            "name the topics or articles",
        ),
        (
            "    phone: \"+49 30 23125 202\"\n",
            "",
            19,
            "give at least one of phone, email, web or address",
        ),
    ] {
        let (got_line, message) = only_error(from, to);
        assert_eq!(got_line, Some(line), "{to}: {message}");
        assert!(message.contains(says), "{to}: {message}");
    }
}

#[test]
fn broken_yaml_and_shapes_are_errors_with_lines() {
    let e = parse_text("services:\n  - id: a\n   name: [\n")
        .unwrap_err()
        .sorted();
    assert!(e[0].message.contains("not valid YAML"), "{e:?}");
    assert!(e[0].line.is_some());
    let e = parse_text("services:\n  - &a x\n").unwrap_err().sorted();
    assert_eq!(e[0].line, Some(2));
    let e = parse_text("services: 3\n").unwrap_err().sorted();
    assert!(e[0].message.contains("must be a list"), "{e:?}");
    assert_eq!(parse_text("services: []\n").unwrap().services.len(), 0);
    assert_eq!(parse_text("").unwrap().services.len(), 0);
}

#[test]
fn hints_are_looked_for_a_limited_number_of_times() {
    let mut text = String::from("services:\n");
    for i in 0..HINTS + 5 {
        text.push_str(&format!(
            "  - id: s{i}\n    name: S\n    kind: other\n    topics: [helth]\n    web: \"https://s.example/\"\n    description:\n      de: \"x\"\n"
        ));
    }
    let messages = parse_text(&text).unwrap_err().sorted();
    assert_eq!(messages.len(), HINTS + 5);
    let hinted = messages
        .iter()
        .filter(|d| d.message.contains("did you mean \"health\""))
        .count();
    assert_eq!(hinted, HINTS);
    assert!(
        messages[HINTS].message.contains("(topics: "),
        "{:?}",
        messages[HINTS]
    );
}
