//! The relevance test set (`tests/data/relevance/`) against the sample
//! site's indexes, through `search.js` in node, as the browser runs it.
//! `cargo test --test relevance -- --nocapture` prints the table.

mod support;

use std::process::Command;

use support::repo_root;

/// Per language: queries whose page must come first, and in the top 3 (the
/// hits of this commit; the target is every query in the top 3, and at
/// least 90 % first, which the test also checks).
const TARGETS: [(&str, usize, usize); 12] = [
    ("ar", 26, 26),
    ("bg", 22, 22),
    ("de", 26, 27),
    ("en", 25, 25),
    ("fa", 27, 27),
    ("fr", 21, 21),
    ("pl", 21, 21),
    ("ps", 26, 26),
    ("ro", 21, 21),
    ("ru", 21, 21),
    ("tr", 21, 21),
    ("uk", 21, 21),
];

#[test]
fn queries_find_their_pages_in_every_language() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(repo_root())
        .args(["build", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new("node")
        .arg(repo_root().join("tests/search-js/relevance.js"))
        .arg(&out)
        .output()
        .expect("node runs (the search script is tested in node)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let result = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .expect("the runner reports its result");
    let result: serde_json::Value = serde_json::from_str(result).unwrap();
    for (lang, first, top3) in TARGETS {
        let r = &result[lang];
        let queries = r["queries"].as_u64().unwrap() as usize;
        assert!(queries >= 20, "{lang}: {queries} queries");
        let got = (
            r["first"].as_u64().unwrap() as usize,
            r["top3"].as_u64().unwrap() as usize,
        );
        assert!(
            got.0 * 10 >= queries * 9,
            "{lang}: {} of {queries} first, the target is 90 %",
            got.0
        );
        assert!(
            got.0 >= first && got.1 >= top3,
            "{lang}: {} first and {} in the top 3 of {queries}, expected at least {first} and {top3}",
            got.0,
            got.1
        );
    }
}
