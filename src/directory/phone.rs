//! Phone numbers of services, read with the `phonenumber` crate
//! (libphonenumber's metadata), Germany being the default country.

use phonenumber::country::Id;
use phonenumber::Mode;
use serde::Serialize;

/// A valid phone number: the form for links and the form to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone {
    /// E.164 (`+493023125201`), for `tel:` links and structured data.
    pub e164: String,
    /// As people dial it: the national form for German numbers
    /// (`030 23125201`), the international form for others.
    pub display: String,
}

impl Phone {
    /// Reads a number in national or international form, or says why it is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let invalid = || {
            format!(
                "phone \"{text}\" is not a valid phone number: write it with the area code (\"030 23125 201\") or in international form (\"+49 30 23125 201\")"
            )
        };
        if text.is_empty() || text.chars().any(char::is_alphabetic) {
            return Err(invalid());
        }
        let number = phonenumber::parse(Some(Id::DE), text).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        let german = number.code().value() == 49;
        let mode = if german {
            Mode::National
        } else {
            Mode::International
        };
        Ok(Phone {
            e164: number.format().mode(Mode::E164).to_string(),
            display: number.format().mode(mode).to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fictitious_berlin_range_is_valid_in_both_forms() {
        for text in [
            "030 23125 000",
            "030 23125 999",
            "+49 30 23125 201",
            "(030) 23125-201",
        ] {
            let p = Phone::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert!(p.e164.starts_with("+493023125"), "{p:?}");
            assert!(p.display.starts_with("030 "), "{p:?}");
        }
        assert_eq!(Phone::parse("030 23125 201").unwrap().e164, "+493023125201");
    }

    #[test]
    fn other_countries_are_shown_internationally() {
        let p = Phone::parse("+33 1 42 68 53 00").unwrap();
        assert_eq!(p.e164, "+33142685300");
        assert!(p.display.starts_with("+33 "), "{p:?}");
    }

    #[test]
    fn invalid_numbers_are_refused() {
        for bad in [
            "",
            "12",
            "0800-HILFE",
            "+49 30",
            "030 23125 201 201 201 2",
            "+999 123",
        ] {
            let e = Phone::parse(bad).expect_err(bad);
            assert!(e.contains("is not a valid phone number"), "{e}");
        }
    }
}
