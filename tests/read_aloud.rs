//! The read-aloud button in the built pages: on articles only, hidden until
//! the theme script has seen a voice, labelled in the page's language, and
//! pointing at the player with a versioned address.

mod support;

use support::{attrs, texts, TestSite};

#[test]
fn articles_carry_a_hidden_read_aloud_button_in_their_language() {
    let site = TestSite::standard();
    site.build_ok();
    let de = site.html("de/health/insurance/index.html");
    assert_eq!(attrs(&de, "article > p.speak[hidden]", "class"), ["speak"]);
    assert_eq!(texts(&de, ".speak button.play"), ["Vorlesen"]);
    assert_eq!(attrs(&de, ".speak button.stop[hidden]", "class"), ["stop"]);
    assert_eq!(attrs(&de, ".speak", "data-pause"), ["Pause"]);
    assert_eq!(attrs(&de, ".speak", "data-resume"), ["Weiter"]);
    let player = attrs(&de, ".speak", "data-script");
    assert_eq!(player.len(), 1);
    assert!(player[0].starts_with("/speak.js?v="), "{player:?}");
    assert!(site.path("public/speak.js").is_file());
    // The player is not loaded with the page.
    assert!(attrs(&de, "script[src]", "src")
        .iter()
        .all(|s| !s.contains("speak.js")));

    let ar = site.html("ar/health/insurance/index.html");
    assert_eq!(texts(&ar, ".speak button.play"), ["قراءة بصوت عالٍ"]);
    assert_eq!(texts(&ar, ".speak button.stop"), ["إيقاف"]);

    // Home and topic pages have nothing to read aloud.
    for page in ["de/index.html", "de/health/index.html"] {
        assert!(
            attrs(&site.html(page), ".speak", "class").is_empty(),
            "{page}"
        );
    }
}

#[test]
fn a_theme_without_the_player_gets_no_button() {
    let site = TestSite::standard();
    std::fs::remove_file(site.path("themes/default/static/speak.js")).unwrap();
    site.build_ok();
    let de = site.html("de/health/insurance/index.html");
    assert!(attrs(&de, ".speak", "class").is_empty());
    assert!(!site.path("public/speak.js").exists());
}
