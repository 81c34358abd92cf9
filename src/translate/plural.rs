//! Plural forms: the CLDR categories of a language (as `i18n/<lang>.yaml`
//! writes them) in the order of its gettext `Plural-Forms` formula.
//!
//! The tests evaluate every formula and hold it equal to CLDR's rules (the
//! `icu_plurals` crate) for whole numbers.

/// A language's gettext plural forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forms {
    /// The CLDR category of each gettext form, in order.
    pub categories: &'static [&'static str],
    /// The gettext formula (a C expression in `n`).
    pub formula: &'static str,
}

impl Forms {
    /// The `Plural-Forms` header value.
    pub fn header(&self) -> String {
        format!(
            "nplurals={}; plural={};",
            self.categories.len(),
            self.formula
        )
    }
}

const TWO_ONE: Forms = Forms {
    categories: &["one", "other"],
    formula: "(n != 1)",
};

/// The table, by language code; languages not listed have two forms, one and other.
const TABLE: &[(&str, Forms)] = &[
    (
        "ar",
        Forms {
            categories: &["zero", "one", "two", "few", "many", "other"],
            formula:
                "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",
        },
    ),
    (
        "pl",
        Forms {
            categories: &["one", "few", "many", "other"],
            formula: "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2)",
        },
    ),
    (
        "ru",
        Forms {
            categories: &["one", "few", "many"],
            formula:
                "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2)",
        },
    ),
    (
        "uk",
        Forms {
            categories: &["one", "few", "many"],
            formula:
                "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2)",
        },
    ),
    (
        "ro",
        Forms {
            categories: &["one", "few", "other"],
            formula: "(n==1 ? 0 : (n==0 || (n%100>0 && n%100<20)) ? 1 : 2)",
        },
    ),
    (
        "fr",
        Forms {
            categories: &["one", "many", "other"],
            formula: "((n==0 || n==1) ? 0 : (n!=0 && n%1000000==0) ? 1 : 2)",
        },
    ),
    (
        "fa",
        Forms {
            categories: &["one", "other"],
            formula: "(n > 1)",
        },
    ),
    (
        "tr",
        Forms {
            categories: &["one", "other"],
            formula: "(n != 1)",
        },
    ),
];

/// The plural forms of `code` (its primary language subtag decides).
pub fn of(code: &str) -> Forms {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    TABLE
        .iter()
        .find(|(c, _)| *c == primary)
        .map(|(_, f)| *f)
        .unwrap_or(TWO_ONE)
}

/// The text of each gettext form from CLDR forms (`category → text`); a
/// category the language's file lacks takes its `other` text.
pub fn to_gettext(forms: &std::collections::BTreeMap<String, String>, code: &str) -> Vec<String> {
    let other = forms.get("other").cloned().unwrap_or_default();
    of(code)
        .categories
        .iter()
        .map(|c| forms.get(*c).cloned().unwrap_or_else(|| other.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};

    /// Evaluates a gettext plural formula (the C subset gettext uses).
    struct Eval<'a> {
        s: &'a [u8],
        at: usize,
        n: u64,
    }

    impl Eval<'_> {
        fn skip(&mut self) {
            while self.at < self.s.len() && self.s[self.at] == b' ' {
                self.at += 1;
            }
        }
        fn eat(&mut self, tok: &str) -> bool {
            self.skip();
            if self.s[self.at..].starts_with(tok.as_bytes()) {
                self.at += tok.len();
                true
            } else {
                false
            }
        }
        fn ternary(&mut self) -> u64 {
            let c = self.or();
            if self.eat("?") {
                let a = self.ternary();
                assert!(self.eat(":"));
                let b = self.ternary();
                if c != 0 {
                    a
                } else {
                    b
                }
            } else {
                c
            }
        }
        fn or(&mut self) -> u64 {
            let mut v = self.and();
            while self.eat("||") {
                let r = self.and();
                v = u64::from(v != 0 || r != 0);
            }
            v
        }
        fn and(&mut self) -> u64 {
            let mut v = self.cmp();
            while self.eat("&&") {
                let r = self.cmp();
                v = u64::from(v != 0 && r != 0);
            }
            v
        }
        fn cmp(&mut self) -> u64 {
            let v = self.rem();
            for (op, f) in [
                ("==", (|a, b| a == b) as fn(u64, u64) -> bool),
                ("!=", |a, b| a != b),
                (">=", |a, b| a >= b),
                ("<=", |a, b| a <= b),
                (">", |a, b| a > b),
                ("<", |a, b| a < b),
            ] {
                if self.eat(op) {
                    let r = self.rem();
                    return u64::from(f(v, r));
                }
            }
            v
        }
        fn rem(&mut self) -> u64 {
            let mut v = self.atom();
            while self.eat("%") {
                v %= self.atom();
            }
            v
        }
        fn atom(&mut self) -> u64 {
            if self.eat("(") {
                let v = self.ternary();
                assert!(self.eat(")"));
                return v;
            }
            if self.eat("n") {
                return self.n;
            }
            self.skip();
            let start = self.at;
            while self.at < self.s.len() && self.s[self.at].is_ascii_digit() {
                self.at += 1;
            }
            std::str::from_utf8(&self.s[start..self.at])
                .unwrap()
                .parse()
                .unwrap()
        }
    }

    fn eval(formula: &str, n: u64) -> usize {
        let mut e = Eval {
            s: formula.as_bytes(),
            at: 0,
            n,
        };
        let v = e.ternary();
        e.skip();
        assert_eq!(e.at, formula.len(), "{formula}");
        v as usize
    }

    fn name(c: PluralCategory) -> &'static str {
        match c {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    #[test]
    fn formulas_agree_with_cldr_for_whole_numbers() {
        let numbers: Vec<u64> = (0..=1200)
            .chain([1_000_000, 2_000_000, 1_000_001])
            .collect();
        for code in [
            "de", "en", "ar", "fa", "ps", "bg", "pl", "ro", "ru", "tr", "uk", "fr",
        ] {
            let forms = of(code);
            let locale: icu_locale::Locale = code.parse().unwrap();
            let rules =
                PluralRules::try_new(locale.into(), PluralRuleType::Cardinal.into()).unwrap();
            for &n in &numbers {
                let cldr = name(rules.category_for(n));
                let form = eval(forms.formula, n);
                assert!(form < forms.categories.len(), "{code} {n}");
                assert_eq!(forms.categories[form], cldr, "{code}: n = {n}");
            }
        }
    }

    #[test]
    fn counts_per_language() {
        assert_eq!(of("ar").categories.len(), 6);
        assert_eq!(of("pl").categories.len(), 4);
        assert_eq!(of("ru").categories.len(), 3);
        assert_eq!(of("uk").categories.len(), 3);
        assert_eq!(of("de").header(), "nplurals=2; plural=(n != 1);");
        let forms = [("one", "1 Artikel"), ("other", "{count} Artikel")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into_iter()
            .collect();
        assert_eq!(to_gettext(&forms, "ru").len(), 3);
    }
}
