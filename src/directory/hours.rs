//! Opening hours: the subset of OpenStreetMap's `opening_hours` syntax that a
//! service may use, parsed into a typed value and written out in the reader's
//! language (weekday names from ICU4X, times as `09:00–12:00`).
//!
//! Accepted: rules separated by `;`, each `<days> <times>` or `<days> off`;
//! days `Mo Tu We Th Fr Sa Su`, ranges `Mo-Fr`, lists `Mo,We,Fr` and mixes;
//! times `HH:MM-HH:MM`, several separated by `,`; `24/7` alone; `PH off`.

use icu_calendar::types::Weekday;
use icu_calendar::Gregorian;
use icu_datetime::fieldsets::E;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale::Locale;

/// The weekdays as OpenStreetMap writes them, Monday first.
const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// A run of weekdays, `from` to `to` inclusive (0 = Monday); one day when equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySpan {
    /// First day, 0 for Monday.
    pub from: u8,
    /// Last day, 0 for Monday.
    pub to: u8,
}

/// A time of day in minutes after midnight (up to 24:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minute(pub u16);

impl std::fmt::Display for Minute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// One rule: on these days, these hours (or closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The days, as written.
    pub days: Vec<DaySpan>,
    /// Opening and closing times; empty when the rule says `off`.
    pub times: Vec<(Minute, Minute)>,
}

/// The opening hours of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpeningHours {
    /// `24/7`: always open.
    Always,
    /// Rules by weekday.
    Rules {
        /// The rules in the order written.
        rules: Vec<Rule>,
        /// `PH off`: closed on public holidays.
        holidays_off: bool,
    },
}

/// One line of opening hours as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HoursLine {
    /// The days in the reader's language ("Mo.–Do."); empty for public holidays.
    pub days: String,
    /// The times, always left to right ("09:00–12:00, 14:00–16:00"); empty when closed.
    pub times: String,
    /// True when closed on these days.
    pub closed: bool,
    /// True for the public holidays line.
    pub holidays: bool,
}

impl OpeningHours {
    /// Parses the `opening_hours` value, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text == "24/7" {
            return Ok(OpeningHours::Always);
        }
        if text.is_empty() {
            return Err(
                "is empty: write the hours like \"Mo-Fr 09:00-12:00\", or remove the key".into(),
            );
        }
        let mut rules = Vec::new();
        let mut holidays_off = false;
        for rule in text.split(';').map(str::trim) {
            if rule.is_empty() {
                return Err(format!(
                    "\"{text}\" has an empty rule between two \";\": remove the extra \";\""
                ));
            }
            if rule == "24/7" {
                return Err("24/7 must stand alone: it means always open".into());
            }
            if rule == "PH off" {
                holidays_off = true;
                continue;
            }
            rules.push(parse_rule(rule)?);
        }
        Ok(OpeningHours::Rules {
            rules,
            holidays_off,
        })
    }

    /// The hours as lines in the reader's language (see [`WeekdayNames`]).
    pub fn lines(&self, names: &WeekdayNames) -> Vec<HoursLine> {
        let OpeningHours::Rules {
            rules,
            holidays_off,
        } = self
        else {
            return Vec::new();
        };
        let mut lines: Vec<HoursLine> = rules
            .iter()
            .map(|rule| HoursLine {
                days: rule
                    .days
                    .iter()
                    .map(|span| names.span(*span))
                    .collect::<Vec<_>>()
                    .join(", "),
                times: rule
                    .times
                    .iter()
                    .map(|(open, close)| format!("{open}–{close}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                closed: rule.times.is_empty(),
                holidays: false,
            })
            .collect();
        if *holidays_off {
            lines.push(HoursLine {
                days: String::new(),
                times: String::new(),
                closed: true,
                holidays: true,
            });
        }
        lines
    }

    /// The hours in OpenStreetMap's syntax, for schema.org's `openingHours`.
    pub fn osm(&self) -> Vec<String> {
        let OpeningHours::Rules { rules, .. } = self else {
            return vec!["Mo-Su 00:00-24:00".into()];
        };
        rules
            .iter()
            .filter(|r| !r.times.is_empty())
            .map(|r| {
                let days: Vec<String> = r
                    .days
                    .iter()
                    .map(|s| {
                        if s.from == s.to {
                            DAYS[s.from as usize].to_string()
                        } else {
                            format!("{}-{}", DAYS[s.from as usize], DAYS[s.to as usize])
                        }
                    })
                    .collect();
                let times: Vec<String> = r.times.iter().map(|(a, b)| format!("{a}-{b}")).collect();
                format!("{} {}", days.join(","), times.join(","))
            })
            .collect()
    }
}

/// The help that ends every message about a rule.
const FORM: &str = "write rules like \"Mo-Fr 09:00-12:00; Sa off\"";

fn parse_rule(rule: &str) -> Result<Rule, String> {
    let (days, times) = rule
        .split_once(' ')
        .ok_or_else(|| format!("\"{rule}\" needs days and times separated by a space: {FORM}"))?;
    let days = parse_days(days)?;
    let times = times.trim();
    if times == "off" {
        return Ok(Rule {
            days,
            times: Vec::new(),
        });
    }
    let times = times
        .split(',')
        .map(|t| parse_range(t.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rule { days, times })
}

fn parse_days(text: &str) -> Result<Vec<DaySpan>, String> {
    let day = |d: &str| -> Result<u8, String> {
        match DAYS.iter().position(|&name| name == d) {
            Some(i) => Ok(i as u8),
            None if d == "PH" => Err(
                "public holidays can only be closed, as a rule of their own: \"PH off\"".into(),
            ),
            None => Err(format!(
                "\"{d}\" is not a day: use Mo, Tu, We, Th, Fr, Sa, Su (ranges like Mo-Fr, lists like Mo,We); {FORM}"
            )),
        }
    };
    text.split(',')
        .map(|part| match part.split_once('-') {
            Some((a, b)) => {
                let (from, to) = (day(a)?, day(b)?);
                if from >= to {
                    return Err(format!(
                        "days \"{part}\" run backwards or round the week: write them from Monday on, e.g. \"Mo-Fr\" or \"Sa,Su\""
                    ));
                }
                Ok(DaySpan { from, to })
            }
            None => day(part).map(|d| DaySpan { from: d, to: d }),
        })
        .collect()
}

fn parse_range(text: &str) -> Result<(Minute, Minute), String> {
    let bad = || format!("\"{text}\" is not a time range like 09:00-12:00; {FORM}");
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let (open, close) = (
        parse_time(a).ok_or_else(bad)?,
        parse_time(b).ok_or_else(bad)?,
    );
    if open >= close {
        return Err(format!(
            "\"{text}\" closes before it opens: write the opening time first (times after midnight are not supported)"
        ));
    }
    Ok((open, close))
}

fn parse_time(text: &str) -> Option<Minute> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || h == 24 && m == 0)).then_some(Minute(h * 60 + m))
}

/// The abbreviated weekday names of a language, Monday first.
#[derive(Debug, Clone)]
pub struct WeekdayNames([String; 7]);

impl WeekdayNames {
    /// The names for a language code from ICU4X's data (English ones if it has none).
    pub fn new(code: &str) -> Self {
        let locale: Locale = code.parse().unwrap_or(Locale::UNKNOWN);
        let formatter =
            FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(locale.into(), E::short())
                .or_else(|_| {
                    FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
                        Locale::UNKNOWN.into(),
                        E::short(),
                    )
                });
        let days = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        WeekdayNames(std::array::from_fn(|i| match &formatter {
            Ok(f) => f.format(&days[i]).to_string(),
            Err(_) => DAYS[i].to_string(),
        }))
    }

    /// A day or a range of days ("Mo.–Do.").
    fn span(&self, span: DaySpan) -> String {
        let name = |d: u8| self.0[d as usize].as_str();
        if span.from == span.to {
            name(span.from).to_string()
        } else {
            format!("{}–{}", name(span.from), name(span.to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<Rule> {
        match OpeningHours::parse(text).unwrap() {
            OpeningHours::Rules { rules, .. } => rules,
            OpeningHours::Always => panic!("24/7"),
        }
    }

    #[test]
    fn parses_ranges_lists_and_several_times() {
        let r = rules("Mo-Th 09:00-12:00; Tu 14:00-17:00");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].days, [DaySpan { from: 0, to: 3 }]);
        assert_eq!(r[0].times, [(Minute(540), Minute(720))]);
        let r = rules("Mo-We,Fr 08:30-12:00,13:00-24:00; Sa,Su off");
        assert_eq!(
            r[0].days,
            [DaySpan { from: 0, to: 2 }, DaySpan { from: 4, to: 4 }]
        );
        assert_eq!(r[0].times[1], (Minute(780), Minute(1440)));
        assert!(r[1].times.is_empty());
        assert_eq!(OpeningHours::parse(" 24/7 "), Ok(OpeningHours::Always));
        let ph = OpeningHours::parse("Mo 10:00-11:00; PH off").unwrap();
        assert!(matches!(
            ph,
            OpeningHours::Rules {
                holidays_off: true,
                ..
            }
        ));
    }

    #[test]
    fn refuses_what_is_not_in_the_subset() {
        for (bad, says) in [
            ("", "is empty"),
            ("Mo-Fr", "needs days and times"),
            ("Mo-Fr 9:00-12:00", "not a time range"),
            ("Mo-Fr 09:00-25:00", "not a time range"),
            ("Mo-Fr 09:60-10:00", "not a time range"),
            ("Mo-Fr 12:00-09:00", "closes before it opens"),
            ("Mon-Fri 09:00-12:00", "\"Mon\" is not a day"),
            ("Fr-Mo 09:00-12:00", "run backwards"),
            ("Jan-Mar Mo 09:00-12:00", "\"Jan\" is not a day"),
            ("Mo 09:00-12:00;; Tu 10:00-11:00", "empty rule"),
            ("Mo 09:00-12:00; 24/7", "must stand alone"),
            ("PH 10:00-12:00", "public holidays"),
            ("week 1-53 Mo 09:00-10:00", "\"week\" is not a day"),
            ("Mo 09:00+", "not a time range"),
        ] {
            let e = OpeningHours::parse(bad).expect_err(bad);
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    fn shown(code: &str, text: &str) -> Vec<(String, String)> {
        OpeningHours::parse(text)
            .unwrap()
            .lines(&WeekdayNames::new(code))
            .into_iter()
            .map(|l| (l.days, l.times))
            .collect()
    }

    #[test]
    fn shows_days_in_german() {
        let lines = shown("de", "Mo-Th 09:00-12:00; Fr 09:00-12:00,13:00-15:00");
        assert_eq!(lines[0].0, "Mo–Do");
        assert_eq!(lines[0].1, "09:00–12:00");
        assert_eq!(lines[1], ("Fr".into(), "09:00–12:00, 13:00–15:00".into()));
    }

    #[test]
    fn shows_days_in_arabic_with_times_apart() {
        let lines = shown("ar", "Mo-Th 09:00-12:00; Sa off; PH off");
        assert_eq!(lines[0].0, "الاثنين–الخميس");
        assert_eq!(lines[0].1, "09:00–12:00");
        assert_eq!(lines[1].0, "السبت");
        assert_eq!(lines[1].1, "");
        assert_eq!(lines[2], (String::new(), String::new()));
    }

    #[test]
    fn shows_days_in_romanian_and_english() {
        assert_eq!(shown("ro", "Mo,We 10:00-11:00")[0].0, "lun., mie.");
        assert_eq!(shown("en", "Tu-Fr 10:00-11:00")[0].0, "Tue–Fri");
    }

    #[test]
    fn osm_form_for_structured_data() {
        let h = OpeningHours::parse("Mo-We,Fr 08:30-12:00; Sa off; PH off").unwrap();
        assert_eq!(h.osm(), ["Mo-We,Fr 08:30-12:00"]);
    }
}
