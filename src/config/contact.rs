//! Contact channels of the team (`[[contact.channels]]` in `site.toml`):
//! messengers, phone, e-mail and offices, each with the languages spoken there.

use serde::{Deserialize, Serialize};

/// Kinds of channel lotse knows how to link.
pub const KINDS: &[&str] = &[
    "whatsapp", "telegram", "signal", "phone", "email", "office", "facebook", "web",
];

/// The `[contact]` table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContact {
    #[serde(default)]
    pub(crate) example: bool,
    #[serde(default)]
    pub(crate) channels: Vec<RawChannel>,
}

/// One `[[contact.channels]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    pub(crate) kind: String,
    pub(crate) value: String,
    pub(crate) languages: Vec<String>,
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default)]
    pub(crate) hours: Option<String>,
}

/// A validated contact channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    /// One of [`KINDS`].
    pub kind: String,
    /// What is shown: a number, a user name, an address.
    pub text: String,
    /// Where the link goes (`https://wa.me/...`, `tel:...`), none for offices.
    pub href: Option<String>,
    /// An optional name for the channel ("Beratung Nord").
    pub label: Option<String>,
    /// Opening or answering hours, as written.
    pub hours: Option<String>,
    /// Indexes of the languages spoken on this channel.
    #[serde(skip)]
    pub languages: Vec<usize>,
}

/// The team's channels.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    /// True when the channels are example data (shown as such).
    pub example: bool,
    /// The channels in the order written.
    pub channels: Vec<Channel>,
}

impl Contact {
    /// The channels speaking `lang`, or else those speaking `default`;
    /// the flag says whether the fallback was used.
    pub fn for_language(&self, lang: usize, default: usize) -> (Vec<&Channel>, bool) {
        let own: Vec<&Channel> = self
            .channels
            .iter()
            .filter(|c| c.languages.contains(&lang))
            .collect();
        if !own.is_empty() || self.channels.is_empty() {
            return (own, false);
        }
        let fallback = self
            .channels
            .iter()
            .filter(|c| c.languages.contains(&default))
            .collect();
        (fallback, true)
    }
}

/// Digits and a leading `+` of a phone number.
fn phone_digits(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let ok = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '/' | '(' | ')'));
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    (ok && digits.len() >= 3).then(|| {
        if trimmed.starts_with('+') {
            format!("+{digits}")
        } else {
            digits
        }
    })
}

/// Checks one channel's value and builds its link; `example` admits
/// Telegram names that cannot exist (with a `-`), for example data.
pub(crate) fn link(kind: &str, value: &str, example: bool) -> Result<Option<String>, String> {
    let value = value.trim();
    let international = |v: &str| -> Result<String, String> {
        match phone_digits(v) {
            Some(d) if d.starts_with('+') => Ok(d),
            _ => Err(format!(
                "\"{v}\" must be a phone number in international form, starting with + and the country code, e.g. +49 30 23125 000 (a number reserved for examples)"
            )),
        }
    };
    match kind {
        "whatsapp" => Ok(Some(format!(
            "https://wa.me/{}",
            international(value)?.trim_start_matches('+')
        ))),
        "signal" => Ok(Some(format!(
            "https://signal.me/#p/{}",
            international(value)?
        ))),
        "phone" => match phone_digits(value) {
            Some(d) => Ok(Some(format!("tel:{d}"))),
            None => Err(format!("\"{value}\" is not a phone number")),
        },
        "telegram" => {
            let name = value.trim_start_matches('@');
            let letter = |c: char| c.is_ascii_alphanumeric() || c == '_';
            let real = name.chars().all(letter);
            let example_name =
                example && name.contains('-') && name.chars().all(|c| letter(c) || c == '-');
            if (5..=32).contains(&name.len()) && (real || example_name) {
                Ok(Some(format!("https://t.me/{name}")))
            } else if name.contains('-') && name.chars().all(|c| letter(c) || c == '-') {
                Err(format!(
                    "\"{value}\" cannot be a Telegram user name (a - is not allowed); such a name is accepted only as example data, with example = true in [contact]"
                ))
            } else {
                Err(format!(
                    "\"{value}\" must be a Telegram user name: @ and 5 to 32 letters, digits or underscores"
                ))
            }
        }
        "email" => {
            let ok = value
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                && !value.contains(char::is_whitespace);
            if ok {
                Ok(Some(format!("mailto:{value}")))
            } else {
                Err(format!("\"{value}\" is not an e-mail address"))
            }
        }
        "facebook" | "web" => {
            if value.starts_with("https://") && !value.contains(char::is_whitespace) {
                Ok(Some(value.to_string()))
            } else {
                Err(format!("\"{value}\" must be an https:// address"))
            }
        }
        "office" => Ok(None),
        other => Err(format!(
            "unknown channel kind \"{other}\" (use one of: {})",
            KINDS.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messenger_links_are_plain_links() {
        assert_eq!(
            link("whatsapp", "+49 30 23125 000", false)
                .unwrap()
                .unwrap(),
            "https://wa.me/493023125000"
        );
        assert_eq!(
            link("telegram", "@beratung_x", false).unwrap().unwrap(),
            "https://t.me/beratung_x"
        );
        assert_eq!(
            link("signal", "+49 151 000", false).unwrap().unwrap(),
            "https://signal.me/#p/+49151000"
        );
        assert_eq!(
            link("phone", "0201 555 01", false).unwrap().unwrap(),
            "tel:020155501"
        );
        assert_eq!(
            link("email", "kim@example.org", false).unwrap().unwrap(),
            "mailto:kim@example.org"
        );
        assert_eq!(link("office", "Musterstraße 1", false).unwrap(), None);
    }

    #[test]
    fn bad_values_are_explained() {
        assert!(link("whatsapp", "0151 123", false)
            .unwrap_err()
            .contains("international form"));
        assert!(link("telegram", "a b", false).is_err());
        assert!(link("email", "nobody", false).is_err());
        assert!(link("web", "http://x", false).is_err());
        assert!(link("fax", "1", false)
            .unwrap_err()
            .contains("unknown channel kind"));
    }

    #[test]
    fn telegram_names_that_cannot_exist_are_example_data_only() {
        assert_eq!(
            link("telegram", "@streetwork-beispiel", true)
                .unwrap()
                .unwrap(),
            "https://t.me/streetwork-beispiel"
        );
        let refused = link("telegram", "@streetwork-beispiel", false).unwrap_err();
        assert!(refused.contains("example = true"), "{refused}");
        assert!(link("telegram", "@a-b", true).is_err());
        assert!(link("telegram", "@abcd", false).is_err());
    }

    #[test]
    fn channels_fall_back_to_the_default_language() {
        let channel = |langs: Vec<usize>| Channel {
            kind: "phone".into(),
            text: "1".into(),
            href: None,
            label: None,
            hours: None,
            languages: langs,
        };
        let contact = Contact {
            example: false,
            channels: vec![channel(vec![0]), channel(vec![0, 1])],
        };
        assert_eq!(
            contact.for_language(1, 0),
            (vec![&contact.channels[1]], false)
        );
        assert_eq!(contact.for_language(2, 0).0.len(), 2);
        assert!(contact.for_language(2, 0).1);
    }
}
