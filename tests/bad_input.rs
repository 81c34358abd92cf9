//! Every kind of bad input fails the build with a message naming the file
//! (and line), a non-zero exit code, and the previous output untouched.

mod support;

use support::{article, TestSite};

/// Builds a good site, breaks it with `damage`, builds again, and checks
/// that the build fails with `expected` in its messages and leaves `public/` as it was.
fn fails_with(damage: impl FnOnce(&TestSite), args: &[&str], expected: &str) {
    let site = TestSite::standard();
    site.build_ok();
    let before = site.snapshot("public");
    assert!(!before.is_empty());
    damage(&site);
    let out = site.run(if args.is_empty() { &["build"] } else { args });
    assert_ne!(
        out.code,
        Some(0),
        "build should fail for: {expected}\n{}",
        out.stdout
    );
    assert!(
        out.stderr.contains(expected),
        "expected {expected:?} in:\n{}",
        out.stderr
    );
    assert_eq!(
        site.snapshot("public"),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("lotse-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

const PAGE: &str = "content/de/health/insurance.md";

fn replace(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn unknown_front_matter_key() {
    fails_with(
        |s| replace(s, PAGE, "title:", "titel:"),
        &[],
        "content/de/health/insurance.md:2: error: unknown key \"titel\" (did you mean \"title\"?)",
    );
}

#[test]
fn invalid_yaml() {
    fails_with(
        |s| {
            replace(
                s,
                PAGE,
                "description: \"About Krankenversicherung.\"",
                "description: [unclosed",
            )
        },
        &[],
        "content/de/health/insurance.md:",
    );
}

#[test]
fn missing_title() {
    fails_with(
        |s| replace(s, PAGE, "title: \"Krankenversicherung\"\n", ""),
        &[],
        "content/de/health/insurance.md:2: error: missing required key \"title\"",
    );
}

#[test]
fn bad_date() {
    fails_with(
        |s| replace(s, PAGE, "updated: 2026-03-01", "updated: 2026-02-30"),
        &[],
        "content/de/health/insurance.md:4: error: invalid date \"2026-02-30\": there is no such day",
    );
}

#[test]
fn badly_written_date() {
    fails_with(
        |s| replace(s, PAGE, "updated: 2026-03-01", "updated: 1.3.2026"),
        &[],
        "content/de/health/insurance.md:4: error: invalid date \"1.3.2026\": write it as YYYY-MM-DD",
    );
}

#[test]
fn wrong_type() {
    fails_with(
        |s| replace(s, PAGE, "updated:", "weight: heavy\nupdated:"),
        &[],
        "content/de/health/insurance.md:4: error: weight: needs a whole number such as 10, not the text \"heavy\"",
    );
}

#[test]
fn missing_description_on_article() {
    fails_with(
        |s| replace(s, PAGE, "description: \"About Krankenversicherung.\"\n", ""),
        &[],
        "content/de/health/insurance.md:2: error: missing required key \"description\"",
    );
}

#[test]
fn missing_updated_date() {
    fails_with(
        |s| replace(s, PAGE, "updated: 2026-03-01\n", ""),
        &[],
        "content/de/health/insurance.md:2: error: missing required key \"updated\"",
    );
}

#[test]
fn invalid_utf8() {
    fails_with(
        |s| {
            s.write_bytes(PAGE, b"---\ntitle: \"A\"\ndescription: \"x\"\nupdated: 2026-01-01\n---\nline\n\xff\xfe broken\n")
        },
        &[],
        "content/de/health/insurance.md:7: error: the file is not valid UTF-8",
    );
}

#[test]
fn empty_file() {
    fails_with(
        |s| s.write(PAGE, ""),
        &[],
        "content/de/health/insurance.md:1: error: the file is empty",
    );
}

#[test]
fn huge_file() {
    fails_with(
        |s| {
            let mut text = article("Groß", "2026-01-01", "");
            text.push_str(&"Lorem ipsum dolor sit amet. ".repeat(20 * 1024 * 1024 / 28));
            s.write(PAGE, &text);
        },
        &[],
        "content/de/health/insurance.md: error: the file is too large (20 MB; the limit is 4 MB)",
    );
}

/// The bomb sits in a known key, so that nothing but its anchors and aliases
/// can be what the message names (not an unknown key, not a type).
#[test]
fn yaml_alias_bomb() {
    fails_with(
        |s| {
            let mut yaml = String::from(
                "title: \"A\"\ndescription: \"x\"\nupdated: 2026-01-01\naliases:\n  - &a [\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\"]\n",
            );
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            for pair in names.windows(2) {
                let refs = vec![format!("*{}", pair[0]); 10].join(",");
                yaml.push_str(&format!("  - &{} [{refs}]\n", pair[1]));
            }
            s.write(PAGE, &format!("---\n{yaml}---\nText\n"));
        },
        &[],
        "content/de/health/insurance.md:6: error: anchors and aliases (&name, *name) are not allowed here",
    );
}

#[test]
fn non_ascii_file_name() {
    fails_with(
        |s| s.write("content/de/health/Ärzte im Notdienst.md", &article("Ärzte", "2026-01-01", "x")),
        &[],
        "content/de/health/Ärzte im Notdienst.md: error: the name \"Ärzte im Notdienst\" is not allowed in a URL: use lowercase ASCII letters, digits and dashes (rename it to \"arzte-im-notdienst\")",
    );
}

#[test]
fn undeclared_language_folder() {
    fails_with(
        |s| s.write("content/it/_index.md", &support::index("Benvenuti", 0)),
        &[],
        "content/it: error: language folder \"it\" is not declared in site.toml",
    );
}

#[test]
fn invalid_language_code_in_config() {
    fails_with(
        |s| replace(s, "site.toml", "[languages.en]", "[languages.\"english!\"]"),
        &[],
        "site.toml:12: error: invalid language code \"english!\"",
    );
}

#[test]
fn unknown_config_key() {
    fails_with(
        |s| replace(s, "site.toml", "default_language", "default_lang"),
        &[],
        "site.toml:2: error: unknown key \"default_lang\" (did you mean \"default_language\"?)",
    );
}

#[test]
fn duplicate_aliases() {
    fails_with(
        |s| {
            replace(s, PAGE, "updated:", "aliases: [\"/old/\"]\nupdated:");
            replace(
                s,
                "content/de/work/wage.md",
                "updated:",
                "aliases: [\"/old/\"]\nupdated:",
            );
        },
        &[],
        "alias \"/old/\" is also an alias of content/de/",
    );
}

#[test]
fn alias_colliding_with_a_page() {
    fails_with(
        |s| replace(s, PAGE, "updated:", "aliases: [\"/de/work/wage/\"]\nupdated:"),
        &[],
        "content/de/health/insurance.md:4: error: alias \"/de/work/wage/\" is the address of a page (content/de/work/wage.md)",
    );
}

#[test]
fn link_to_missing_article() {
    fails_with(
        |s| replace(s, PAGE, "../work/wage.md#minimum", "../work/salary.md"),
        &[],
        "content/de/health/insurance.md:18: error: link to a missing page \"../work/salary.md\"",
    );
}

#[test]
fn link_to_missing_anchor() {
    fails_with(
        |s| replace(s, PAGE, "../work/wage.md#minimum", "../work/wage.md#kosten"),
        &[],
        "content/de/health/insurance.md:18: error: link to a missing section \"#kosten\" in content/de/work/wage.md (its sections: minimum)",
    );
}

#[test]
fn template_syntax_error() {
    let template = "themes/default/templates/article.html";
    let text = std::fs::read_to_string(support::repo_root().join(template)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("{% endblock main %}"))
        .unwrap()
        + 1;
    fails_with(
        |s| replace(s, template, "{% endblock main %}", "{% endblok main %}"),
        &[],
        &format!("{template}:{line}: error: unexpected tag; expected an endblock tag"),
    );
}

#[test]
fn missing_template() {
    fails_with(
        |s| std::fs::remove_file(s.path("themes/default/templates/topic.html")).unwrap(),
        &[],
        "themes/default/templates/topic.html: error: missing template",
    );
}

#[test]
fn output_inside_content_is_refused() {
    fails_with(
        |_| {},
        &["build", "--output", "content"],
        "the output folder must not be inside content/",
    );
}

#[test]
fn output_at_site_root_is_refused() {
    fails_with(
        |_| {},
        &["build", "--output", "."],
        "the output folder would contain the site itself",
    );
}

#[test]
fn output_in_a_foreign_folder_is_refused() {
    fails_with(
        |s| s.write("notes/keep.txt", "mine"),
        &["build", "--output", "notes"],
        "the folder is not empty and was not made by lotse",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    fails_with(
        |s| {
            std::os::unix::fs::symlink(s.path("content/de"), s.path("content/de/health/loop"))
                .unwrap()
        },
        &[],
        "content/de/health/loop: error: symbolic link loop",
    );
}

#[test]
fn script_in_markdown() {
    fails_with(
        |s| replace(s, PAGE, "Intro.", "Intro.\n\n<script>alert(1)</script>"),
        &[],
        "content/de/health/insurance.md:12: error: raw HTML with <script> is not allowed",
    );
}

#[test]
fn event_handler_in_markdown() {
    fails_with(
        |s| replace(s, PAGE, "Intro.", "Intro <img src=x onerror=\"alert(1)\">."),
        &[],
        "content/de/health/insurance.md:10: error: raw HTML with an event handler (onerror=) is not allowed",
    );
}

#[test]
fn javascript_url_in_markdown() {
    fails_with(
        |s| replace(s, PAGE, "Intro.", "[Klick](javascript:alert(1))"),
        &[],
        "content/de/health/insurance.md:10: error: link to \"javascript:alert(1)\": script URLs are not allowed",
    );
}

#[test]
fn all_problems_are_reported_together() {
    fails_with(
        |s| {
            replace(s, PAGE, "title:", "titel:");
            replace(
                s,
                "content/de/work/wage.md",
                "updated: 2026-05-01",
                "updated: 2026-99-01",
            );
        },
        &[],
        "content/de/work/wage.md:4: error: invalid date",
    );
    let site = TestSite::standard();
    replace(&site, PAGE, "title:", "titel:");
    replace(
        &site,
        "content/de/work/wage.md",
        "updated: 2026-05-01",
        "updated: 2026-99-01",
    );
    let out = site.run(&["build"]);
    assert!(out.stderr.contains("insurance.md:2"), "{}", out.stderr);
    assert!(out.stderr.contains("wage.md:4"), "{}", out.stderr);
    assert!(out.stderr.contains("2 error(s)"), "{}", out.stderr);
    assert!(
        !site.path("public").exists(),
        "no output for a failed first build"
    );
}

#[test]
fn script_url_in_sources() {
    fails_with(
        |s| replace(s, PAGE, "url: \"https://www.bamf.de/\"", "url: \"javascript:alert(1)\""),
        &[],
        "content/de/health/insurance.md:8: error: source \"BAMF\": the url \"javascript:alert(1)\" must be a web address starting with https://",
    );
}

#[test]
fn attributes_on_headings() {
    fails_with(
        |s| replace(s, PAGE, "## Kosten {#costs}", "## Kosten {#costs onclick=alert(1)}"),
        &[],
        "content/de/health/insurance.md:12: error: raw HTML with an event handler (onclick=) is not allowed",
    );
}
