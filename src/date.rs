//! Calendar dates of front matter (`YYYY-MM-DD`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// The earliest year a front matter date may have.
    pub const FIRST_YEAR: i32 = 2000;
    /// The latest year a front matter date may have.
    pub const LAST_YEAR: i32 = 2100;

    /// Parses an ISO date such as `2026-11-25`.
    ///
    /// ```
    /// use lotse::content::Date;
    /// assert_eq!(Date::parse("2026-11-25").unwrap().to_string(), "2026-11-25");
    /// assert!(Date::parse("2026-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("invalid date \"{text}\": write it as YYYY-MM-DD, e.g. 2026-11-25");
        let parts: Vec<&str> = text.trim().split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        icu_calendar::Date::try_new_iso(year, month, day)
            .map_err(|_| format!("invalid date \"{text}\": there is no such day"))?;
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let date = Date::parse(&text).map_err(serde::de::Error::custom)?;
        if !(Date::FIRST_YEAR..=Date::LAST_YEAR).contains(&date.year) {
            return Err(serde::de::Error::custom(format!(
                "invalid date \"{}\": the year must lie between {} and {}",
                text.trim(),
                Date::FIRST_YEAR,
                Date::LAST_YEAR
            )));
        }
        Ok(date)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
