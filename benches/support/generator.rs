//! A deterministic generator of synthetic knowledge bases for benchmarks.
//!
//! It writes the same site in lotse's format (`site.toml`, `content/<lang>/...`,
//! the repository's `themes/` and `i18n/`) and, on request, in Hugo's format
//! (one content folder per language and a minimal theme doing the same work).
//! Everything follows from the seed: two runs write byte-identical files.
//!
//! Two corpora: `realistic` (the default) draws each language's words by
//! Zipf's law from the installed hunspell dictionaries (pseudo-words where
//! there is none), with varied sentence, paragraph and article lengths and
//! most headings without an explicit id; `small` writes the earlier site from
//! small built-in word lists, byte for byte.
//!
//! Shared by `src/bin/lotse-bench.rs` and the criterion benches (`#[path]`).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Number of topics of every generated site.
pub(crate) const TOPICS: usize = 10;

/// The default seed.
pub(crate) const SEED: u64 = 0x6c6f_7473_6521;

/// A small, fast, deterministic PRNG (xorshift64*).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from a seed and a stream number (mixed with splitmix64).
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut z = seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Self(if z == 0 { 0x2545_f491_4f6c_dd1d } else { z })
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// The script of a language's word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
}

/// Built-in vocabulary of one language.
struct Words {
    script: Script,
    words: &'static [&'static str],
    /// Inserted in right-to-left text: German terms in parentheses.
    terms: &'static [&'static str],
}

const GERMAN_TERMS: &[&str] = &[
    "Krankenversicherung",
    "Jobcenter",
    "Ausländerbehörde",
    "Anmeldung",
    "Bürgeramt",
    "Arbeitsvertrag",
    "Mindestlohn",
    "Kindergeld",
    "Bereitschaftsdienst",
    "Steuer-ID",
];

fn words(code: &str) -> Words {
    let (script, words): (Script, &'static [&'static str]) = match code {
        "de" => (
            Script::Latin,
            &[
                "Sie",
                "die",
                "der",
                "das",
                "und",
                "mit",
                "für",
                "über",
                "bei",
                "nach",
                "wenn",
                "Ihre",
                "gibt",
                "bekommen",
                "brauchen",
                "müssen",
                "können",
                "dürfen",
                "Termin",
                "Behörde",
                "Antrag",
                "Frist",
                "Lohn",
                "Stunde",
                "Woche",
                "Monat",
                "schnell",
                "wichtig",
                "kostenlos",
                "Hilfe",
                "Beratung",
                "Ärztin",
                "Arzt",
                "Krankenkasse",
                "Wohnung",
                "Miete",
                "Vertrag",
                "Kündigung",
                "Führerschein",
                "Schule",
                "Straße",
                "größer",
                "Gebühren",
                "Bescheinigung",
                "zuständig",
                "Überstunden",
                "Urlaub",
                "Arbeitgeber",
                "Versicherung",
                "Familie",
                "Kinder",
                "Übersetzung",
                "persönlich",
                "schriftlich",
                "Aufenthalt",
                "Gesundheit",
                "Beschäftigung",
                "Zuschuss",
                "Rückzahlung",
                "täglich",
            ],
        ),
        "en" => (
            Script::Latin,
            &[
                "you",
                "the",
                "and",
                "with",
                "for",
                "about",
                "when",
                "your",
                "get",
                "need",
                "must",
                "can",
                "may",
                "appointment",
                "office",
                "application",
                "deadline",
                "wage",
                "hour",
                "week",
                "month",
                "quickly",
                "important",
                "free",
                "help",
                "advice",
                "doctor",
                "health",
                "insurance",
                "flat",
                "rent",
                "contract",
                "notice",
                "licence",
                "school",
                "street",
                "fees",
                "certificate",
                "responsible",
                "overtime",
                "holiday",
                "employer",
                "family",
                "children",
                "translation",
                "in",
                "person",
                "writing",
                "residence",
                "employment",
                "allowance",
                "repayment",
                "daily",
                "counselling",
                "service",
            ],
        ),
        "fr" => (
            Script::Latin,
            &[
                "vous",
                "le",
                "la",
                "les",
                "et",
                "avec",
                "pour",
                "sur",
                "chez",
                "après",
                "quand",
                "votre",
                "obtenez",
                "devez",
                "pouvez",
                "rendez-vous",
                "administration",
                "demande",
                "délai",
                "salaire",
                "heure",
                "semaine",
                "mois",
                "rapidement",
                "important",
                "gratuit",
                "aide",
                "conseil",
                "médecin",
                "santé",
                "assurance",
                "logement",
                "loyer",
                "contrat",
                "résiliation",
                "permis",
                "école",
                "rue",
                "frais",
                "attestation",
                "compétent",
                "heures supplémentaires",
                "congés",
                "employeur",
                "famille",
                "enfants",
                "traduction",
                "être",
                "déclaration",
                "hôpital",
                "français",
                "reçu",
                "œuvre",
                "à",
                "très",
                "déjà",
                "garçon",
                "façon",
                "où",
                "même",
            ],
        ),
        "tr" => (
            Script::Latin,
            &[
                "siz",
                "ve",
                "ile",
                "için",
                "hakkında",
                "sonra",
                "eğer",
                "sizin",
                "alırsınız",
                "gerekir",
                "randevu",
                "kurum",
                "başvuru",
                "süre",
                "ücret",
                "saat",
                "hafta",
                "ay",
                "hızlı",
                "önemli",
                "ücretsiz",
                "yardım",
                "danışmanlık",
                "doktor",
                "sağlık",
                "sigorta",
                "konut",
                "kira",
                "sözleşme",
                "fesih",
                "ehliyet",
                "okul",
                "cadde",
                "masraflar",
                "belge",
                "yetkili",
                "fazla mesai",
                "izin",
                "işveren",
                "aile",
                "çocuklar",
                "çeviri",
                "şahsen",
                "yazılı",
                "oturum",
                "çalışma",
                "destek",
                "geri ödeme",
                "günlük",
                "İstanbul",
                "ılık",
                "ağır",
                "öğrenci",
                "üç",
                "şimdi",
                "çok",
                "göç",
            ],
        ),
        "pl" => (
            Script::Latin,
            &[
                "pan",
                "pani",
                "i",
                "z",
                "dla",
                "o",
                "przy",
                "po",
                "gdy",
                "pańskie",
                "otrzymać",
                "potrzebować",
                "musi",
                "może",
                "termin",
                "urząd",
                "wniosek",
                "płaca",
                "godzina",
                "tydzień",
                "miesiąc",
                "szybko",
                "ważne",
                "bezpłatnie",
                "pomoc",
                "porada",
                "lekarz",
                "zdrowie",
                "ubezpieczenie",
                "mieszkanie",
                "czynsz",
                "umowa",
                "wypowiedzenie",
                "prawo jazdy",
                "szkoła",
                "ulica",
                "opłaty",
                "zaświadczenie",
                "właściwy",
                "nadgodziny",
                "urlop",
                "pracodawca",
                "rodzina",
                "dzieci",
                "tłumaczenie",
                "osobiście",
                "pisemnie",
                "pobyt",
                "zatrudnienie",
                "zasiłek",
                "zwrot",
                "codziennie",
                "się",
                "że",
                "już",
                "będzie",
                "źródło",
                "żółty",
                "łatwo",
                "więcej",
            ],
        ),
        "ro" => (
            Script::Latin,
            &[
                "dumneavoastră",
                "și",
                "cu",
                "pentru",
                "despre",
                "la",
                "după",
                "când",
                "primiți",
                "trebuie",
                "puteți",
                "programare",
                "autoritate",
                "cerere",
                "termen",
                "salariu",
                "oră",
                "săptămână",
                "lună",
                "repede",
                "important",
                "gratuit",
                "ajutor",
                "consiliere",
                "medic",
                "sănătate",
                "asigurare",
                "locuință",
                "chirie",
                "contract",
                "reziliere",
                "permis",
                "școală",
                "stradă",
                "taxe",
                "adeverință",
                "competent",
                "ore suplimentare",
                "concediu",
                "angajator",
                "familie",
                "copii",
                "traducere",
                "personal",
                "în scris",
                "ședere",
                "angajare",
                "alocație",
                "rambursare",
                "zilnic",
                "în",
                "țară",
                "își",
                "câștig",
                "până",
                "mâine",
                "însă",
            ],
        ),
        "ru" => (
            Script::Cyrillic,
            &[
                "вы",
                "и",
                "с",
                "для",
                "о",
                "при",
                "после",
                "если",
                "ваш",
                "получить",
                "нужно",
                "должны",
                "можете",
                "приём",
                "ведомство",
                "заявление",
                "срок",
                "зарплата",
                "час",
                "неделя",
                "месяц",
                "быстро",
                "важно",
                "бесплатно",
                "помощь",
                "консультация",
                "врач",
                "здоровье",
                "страховка",
                "квартира",
                "аренда",
                "договор",
                "увольнение",
                "права",
                "школа",
                "улица",
                "сборы",
                "справка",
                "ответственный",
                "сверхурочные",
                "отпуск",
                "работодатель",
                "семья",
                "дети",
                "перевод",
                "лично",
                "письменно",
                "пребывание",
                "работа",
                "пособие",
                "возврат",
                "ежедневно",
                "ещё",
                "объём",
                "съезд",
                "льгота",
            ],
        ),
        "uk" => (
            Script::Cyrillic,
            &[
                "ви",
                "і",
                "з",
                "для",
                "про",
                "при",
                "після",
                "якщо",
                "ваш",
                "отримати",
                "потрібно",
                "мусите",
                "можете",
                "прийом",
                "установа",
                "заява",
                "строк",
                "зарплата",
                "година",
                "тиждень",
                "місяць",
                "швидко",
                "важливо",
                "безкоштовно",
                "допомога",
                "консультація",
                "лікар",
                "здоров'я",
                "страхування",
                "квартира",
                "оренда",
                "договір",
                "звільнення",
                "посвідчення",
                "школа",
                "вулиця",
                "збори",
                "довідка",
                "відповідальний",
                "понаднормові",
                "відпустка",
                "роботодавець",
                "сім'я",
                "діти",
                "переклад",
                "особисто",
                "письмово",
                "перебування",
                "робота",
                "виплата",
                "повернення",
                "щодня",
                "їжа",
                "є",
                "ґанок",
                "її",
                "ще",
            ],
        ),
        "bg" => (
            Script::Cyrillic,
            &[
                "вие",
                "и",
                "с",
                "за",
                "относно",
                "при",
                "след",
                "ако",
                "вашият",
                "получавате",
                "трябва",
                "можете",
                "час",
                "служба",
                "заявление",
                "срок",
                "заплата",
                "седмица",
                "месец",
                "бързо",
                "важно",
                "безплатно",
                "помощ",
                "консултация",
                "лекар",
                "здраве",
                "осигуровка",
                "жилище",
                "наем",
                "договор",
                "предизвестие",
                "книжка",
                "училище",
                "улица",
                "такси",
                "удостоверение",
                "компетентен",
                "извънреден",
                "отпуск",
                "работодател",
                "семейство",
                "деца",
                "превод",
                "лично",
                "писмено",
                "пребиваване",
                "заетост",
                "помощи",
                "възстановяване",
                "всеки ден",
                "още",
                "същото",
                "ъгъл",
                "щастие",
                "път",
            ],
        ),
        "ar" => (
            Script::Arabic,
            &[
                "أنت",
                "في",
                "من",
                "إلى",
                "على",
                "مع",
                "عن",
                "عندما",
                "بعد",
                "يجب",
                "يمكنك",
                "تحصل",
                "تحتاج",
                "موعد",
                "الدائرة",
                "طلب",
                "المهلة",
                "الأجر",
                "ساعة",
                "أسبوع",
                "شهر",
                "بسرعة",
                "مهم",
                "مجاني",
                "مساعدة",
                "استشارة",
                "طبيب",
                "الصحة",
                "التأمين",
                "الصحي",
                "شقة",
                "الإيجار",
                "العقد",
                "الفصل",
                "رخصة",
                "المدرسة",
                "الشارع",
                "الرسوم",
                "شهادة",
                "المسؤول",
                "العمل الإضافي",
                "الإجازة",
                "صاحب العمل",
                "العائلة",
                "الأطفال",
                "الترجمة",
                "شخصيًا",
                "كتابيًا",
                "الإقامة",
                "التوظيف",
                "الإعانة",
                "الاسترداد",
                "يوميًا",
                "ألمانيا",
                "هذه",
                "التي",
                "ذلك",
                "مؤسسة",
            ],
        ),
        "fa" => (
            Script::Arabic,
            &[
                "شما",
                "و",
                "با",
                "برای",
                "درباره",
                "در",
                "پس از",
                "اگر",
                "خود",
                "دریافت",
                "می\u{200c}کنید",
                "باید",
                "می\u{200c}توانید",
                "وقت",
                "اداره",
                "درخواست",
                "مهلت",
                "دستمزد",
                "ساعت",
                "هفته",
                "ماه",
                "سریع",
                "مهم",
                "رایگان",
                "کمک",
                "مشاوره",
                "پزشک",
                "سلامت",
                "بیمه",
                "خانه",
                "اجاره",
                "قرارداد",
                "اخراج",
                "گواهینامه",
                "مدرسه",
                "خیابان",
                "هزینه\u{200c}ها",
                "گواهی",
                "مسئول",
                "اضافه\u{200c}کاری",
                "مرخصی",
                "کارفرما",
                "خانواده",
                "کودکان",
                "ترجمه",
                "حضوری",
                "کتبی",
                "اقامت",
                "اشتغال",
                "کمک\u{200c}هزینه",
                "بازپرداخت",
                "روزانه",
                "آلمان",
                "چگونه",
                "ژوئن",
                "گرفتن",
                "پیش",
            ],
        ),
        "ps" => (
            Script::Arabic,
            &[
                "تاسو",
                "او",
                "سره",
                "لپاره",
                "په",
                "اړه",
                "وروسته",
                "که",
                "خپل",
                "ترلاسه",
                "کوئ",
                "باید",
                "کولی",
                "وخت",
                "اداره",
                "غوښتنه",
                "موده",
                "معاش",
                "ساعت",
                "اونۍ",
                "میاشت",
                "ژر",
                "مهم",
                "وړیا",
                "مرسته",
                "مشوره",
                "ډاکټر",
                "روغتیا",
                "بیمه",
                "کور",
                "کرایه",
                "تړون",
                "ګوښه",
                "جواز",
                "ښوونځی",
                "سړک",
                "فیس",
                "سند",
                "مسؤل",
                "اضافي کار",
                "رخصتي",
                "کارګمارونکی",
                "کورنۍ",
                "ماشومان",
                "ژباړه",
                "شخصاً",
                "لیکلی",
                "اوسېدل",
                "دنده",
                "ګټه",
                "بېرته",
                "هره ورځ",
                "آلمان",
                "ښځه",
                "ړوند",
                "ږغ",
                "ټولنه",
                "ڼ",
                "دې",
                "ئې",
            ],
        ),
        _ => return words("en"),
    };
    Words {
        script,
        words,
        terms: GERMAN_TERMS,
    }
}

/// Which text the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Corpus {
    /// Zipf-distributed words from hunspell word lists, varied sentence and
    /// article lengths, most headings without an explicit id.
    #[default]
    Realistic,
    /// The small built-in word lists, every heading with an explicit id (the
    /// corpus of the earlier figures).
    Small,
}

impl Corpus {
    /// The name used on the command line and in bench.json.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Realistic => "realistic",
            Self::Small => "small",
        }
    }
}

/// Where Debian's hunspell and myspell packages put their dictionaries.
pub(crate) const HUNSPELL_DIR: &str = "/usr/share/hunspell";

/// Exponent `s` of the Zipf law: rank `r` (from 1) has weight `1 / (r + q)^s`.
const ZIPF_S: f64 = 1.05;

/// Offset `q` of the Zipf law (flattens the head a little, as in real text).
const ZIPF_Q: f64 = 2.7;

/// Words made up for a language without a dictionary.
const PSEUDO_WORDS: usize = 100_000;

/// Fewer stems than this and a dictionary is not used.
const MIN_STEMS: usize = 20_000;

/// The most frequent words of each language (articles, prepositions,
/// pronouns, auxiliaries): the first ranks of the realistic corpus.
fn function_words(code: &str) -> &'static [&'static str] {
    match code {
        "de" => &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf",
            "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden",
            "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind",
            "noch", "wie", "einem", "über", "einen", "so", "zum", "oder", "aber", "vor", "zur",
            "bis", "mehr", "durch", "man", "kann",
        ],
        "en" => &[
            "the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "for", "on", "are",
            "with", "as", "be", "at", "this", "have", "from", "or", "by", "not", "but", "can",
            "your", "if", "will", "an", "all", "there", "they", "which", "when", "more", "do",
        ],
        "fr" => &[
            "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour",
            "qui", "dans", "par", "sur", "pas", "au", "plus", "ne", "se", "vous", "il", "avec",
            "ce", "son", "sont", "ou", "mais", "comme", "être", "on", "leur",
        ],
        "tr" => &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "daha", "çok", "en", "gibi",
            "ama", "o", "ne", "kadar", "sonra", "her", "var", "olan", "veya", "ancak", "değil",
            "mi", "şu", "önce", "göre",
        ],
        "pl" => &[
            "w", "i", "z", "na", "się", "do", "nie", "że", "to", "jest", "o", "jak", "po", "co",
            "od", "za", "przez", "są", "dla", "ale", "tak", "czy", "być", "lub", "jego", "może",
            "tym",
        ],
        "ro" => &[
            "de", "și", "în", "a", "la", "cu", "care", "pe", "nu", "se", "din", "o", "un", "să",
            "este", "pentru", "mai", "ca", "sau", "ce", "fi", "al", "lui", "dar", "sunt", "prin",
        ],
        "ru" => &[
            "и", "в", "не", "на", "что", "с", "по", "как", "к", "это", "из", "у", "за", "от", "о",
            "так", "для", "же", "все", "но", "бы", "или", "быть", "был", "его", "если",
        ],
        "uk" => &[
            "і", "в", "на", "не", "що", "з", "до", "як", "та", "це", "за", "у", "від", "про",
            "для", "але", "по", "його", "так", "бути", "або", "які", "чи", "ж",
        ],
        "bg" => &[
            "и", "на", "в", "да", "се", "за", "от", "не", "с", "е", "че", "по", "са", "като",
            "това", "до", "но", "или", "ще", "има", "към", "го", "бъде",
        ],
        "ar" => &[
            "في", "من", "على", "إلى", "أن", "عن", "مع", "هذا", "التي", "الذي", "ما", "لا", "هو",
            "هي", "كان", "أو", "كل", "بعد", "قد", "ثم", "إذا", "عند", "هذه", "بين",
        ],
        "fa" => &[
            "و",
            "در",
            "به",
            "از",
            "که",
            "این",
            "را",
            "با",
            "است",
            "برای",
            "آن",
            "یک",
            "تا",
            "می\u{200c}شود",
            "شما",
            "هم",
            "یا",
            "بر",
            "اگر",
            "باید",
            "نیز",
            "بود",
            "هر",
            "شده",
        ],
        "ps" => &[
            "د",
            "په",
            "او",
            "چې",
            "له",
            "ته",
            "دا",
            "یو",
            "هم",
            "کې",
            "سره",
            "لپاره",
            "دي",
            "وي",
            "شي",
            "نه",
            "څخه",
            "پر",
            "کوي",
            "هغه",
            "دې",
        ],
        _ => &[],
    }
}

/// The hunspell dictionary (file name without extension) of a language.
fn dictionary_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "de" => "de_DE",
        "en" => "en_US",
        "fr" => "fr",
        "tr" => "tr_TR",
        "pl" => "pl_PL",
        "ro" => "ro_RO",
        "ru" => "ru_RU",
        "uk" => "uk_UA",
        "bg" => "bg_BG",
        "ar" => "ar",
        "fa" => "fa",
        _ => return None,
    })
}

/// The words of one language in rank order, drawn by Zipf's law.
pub(crate) struct Vocabulary {
    /// The words, most frequent first.
    words: Vec<Box<str>>,
    /// `cumulative[r]`: the summed weights of ranks `0..=r`.
    cumulative: Vec<f64>,
    /// Where the words come from: "hunspell de_DE, 75,123 stems" or "pseudo-words".
    pub(crate) source: String,
}

impl Vocabulary {
    /// The vocabulary of language `code`: its function words and the
    /// built-in common words first, then the stems of its hunspell dictionary in `dir` (pseudo-words when
    /// there is none), shuffled by the seed.
    pub(crate) fn load(code: &str, dir: &Path, seed: u64) -> Self {
        let stream = code.bytes().fold(3_000_000u64, |h, b| {
            h.wrapping_mul(131).wrapping_add(b as u64)
        });
        let mut rng = Rng::new(seed, stream);
        let (mut stems, source) = match dictionary_name(code) {
            None => (
                pseudo_words(code, PSEUDO_WORDS, &mut rng),
                "pseudo-words (no hunspell dictionary for this language)".to_string(),
            ),
            Some(name) => match read_dictionary(dir, name) {
                Ok(stems) if stems.len() >= MIN_STEMS => {
                    let source = format!("hunspell {name}, {} stems", thousands(stems.len()));
                    (stems, source)
                }
                Ok(stems) => (
                    pseudo_words(code, PSEUDO_WORDS, &mut rng),
                    format!(
                        "pseudo-words (hunspell {name} has only {} stems)",
                        stems.len()
                    ),
                ),
                Err(e) => (
                    pseudo_words(code, PSEUDO_WORDS, &mut rng),
                    format!(
                        "pseudo-words (cannot read hunspell {name} in {}: {e})",
                        dir.display()
                    ),
                ),
            },
        };
        // Fisher-Yates: the order of the stems decides their frequency.
        for i in (1..stems.len()).rev() {
            stems.swap(i, rng.range(0, i));
        }
        let common = function_words(code).iter().chain(words(code).words);
        let mut seen: HashSet<&str> = HashSet::with_capacity(stems.len() + 200);
        let mut ranked: Vec<Box<str>> = Vec::with_capacity(stems.len() + 200);
        for w in common.copied().chain(stems.iter().map(String::as_str)) {
            if seen.insert(w) {
                ranked.push(w.into());
            }
        }
        Self::ranked(ranked, source)
    }

    /// A vocabulary of words in rank order.
    fn ranked(words: Vec<Box<str>>, source: String) -> Self {
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 1.0 + ZIPF_Q).powf(ZIPF_S);
                total
            })
            .collect();
        Self {
            words,
            cumulative,
            source,
        }
    }

    /// The number of words.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// One word drawn by Zipf's law (a binary search in the cumulative weights).
    fn sample(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let r = self.cumulative.partition_point(|&c| c <= u);
        &self.words[r.min(self.words.len() - 1)]
    }
}

/// `75123` as `75,123`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The distinct stems of a hunspell dictionary: the part of each entry
/// before `/`, decoded by the `SET` line of its `.aff`, without the count
/// line, comments, entries with digits, abbreviations and affix-only junk.
fn read_dictionary(dir: &Path, name: &str) -> io::Result<Vec<String>> {
    let aff = fs::read(dir.join(format!("{name}.aff")))?;
    let dic = fs::read(dir.join(format!("{name}.dic")))?;
    let label = aff
        .split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(b"SET"))
        .map(|rest| String::from_utf8_lossy(rest).trim().to_string());
    let encoding = match label {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("unknown encoding {label} in {name}.aff"),
            )
        })?,
    };
    let (text, _, _) = encoding.decode(&dic);
    let mut seen = HashSet::new();
    let mut stems = Vec::new();
    for line in text.lines().skip(1) {
        if line.starts_with(char::is_whitespace) || line.starts_with('#') {
            continue;
        }
        let entry = line.split(char::is_whitespace).next().unwrap_or("");
        if entry.contains('\\') {
            continue;
        }
        let stem = entry.split('/').next().unwrap_or("");
        if is_stem(stem) && seen.insert(stem) {
            stems.push(stem.to_string());
        }
    }
    Ok(stems)
}

/// A word of letters (inner hyphens, apostrophes and zero-width non-joiners
/// allowed), at least two long, with at most one capital (no abbreviations,
/// no Roman numerals).
fn is_stem(s: &str) -> bool {
    let mut chars = s.chars();
    let (Some(first), Some(last)) = (chars.next(), s.chars().next_back()) else {
        return false;
    };
    if s.chars().count() < 2 || !first.is_alphabetic() || !last.is_alphabetic() {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '\u{200c}'))
    {
        return false;
    }
    s.chars().filter(|c| c.is_uppercase()).count() < 2
}

/// Consonants of Pashto's pseudo-words, with the letters only Pashto has.
const PASHTO_CONSONANTS: &[&str] = &[
    "ب", "پ", "ت", "ټ", "ج", "چ", "ځ", "څ", "خ", "د", "ډ", "ر", "ړ", "ز", "ږ", "ژ", "س", "ش", "ښ",
    "غ", "ف", "ک", "ګ", "ل", "م", "ن", "ڼ", "و", "ه", "ی",
];

/// Long vowels and endings of Pashto's pseudo-words ("" for a short vowel).
const PASHTO_VOWELS: &[&str] = &["", "", "ا", "و", "ي", "ې", "ی"];

/// Word endings of Pashto's pseudo-words.
const PASHTO_ENDINGS: &[&str] = &["", "", "", "ه", "ې", "ۍ", "ي", "ونه", "ان"];

/// `count` distinct made-up words in the script of language `code`: Pashto
/// from a consonant–vowel syllable model, the others from pieces of the
/// built-in words.
fn pseudo_words(code: &str, count: usize, rng: &mut Rng) -> Vec<String> {
    let syllables: Vec<String> = if code == "ps" {
        let mut s = Vec::new();
        for c in PASHTO_CONSONANTS {
            for v in PASHTO_VOWELS {
                s.push(format!("{c}{v}"));
            }
        }
        s
    } else {
        let mut s: Vec<String> = words(code)
            .words
            .iter()
            .flat_map(|w| {
                let chars: Vec<char> = w
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .collect();
                chars
                    .chunks(2)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
            })
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let refs: Vec<&str> = syllables.iter().map(String::as_str).collect();
    let mut seen = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count * 20 {
        if out.len() == count {
            break;
        }
        let mut w = String::new();
        for _ in 0..rng.range(1, 4) {
            w.push_str(rng.pick(&refs));
        }
        if code == "ps" {
            w.push_str(rng.pick(PASHTO_ENDINGS));
        }
        if w.chars().count() >= 2 && seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// Phone numbers written inside paragraphs.
const PHONES: &[&str] = &[
    "116 117",
    "112",
    "110",
    "+49 30 1234567",
    "0800 111 0 111",
    "116 016",
    "+49 211 7654321",
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Articles per language.
    pub(crate) articles: usize,
    /// The seed.
    pub(crate) seed: u64,
    /// Which text to write.
    pub(crate) corpus: Corpus,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    /// Markdown files written.
    pub(crate) files: usize,
    /// Bytes of Markdown written.
    pub(crate) markdown_bytes: u64,
    /// Words of article text.
    pub(crate) words: u64,
    /// HTML pages a build makes of it: root, homes, topics, articles.
    pub(crate) pages: usize,
    /// Distinct words of the page bodies, per language code.
    pub(crate) distinct_words: Vec<(String, usize)>,
}

/// Counts the distinct words of page bodies, per language.
#[derive(Default)]
pub(crate) struct WordCounter {
    seen: Vec<(String, HashSet<Box<str>>)>,
}

impl WordCounter {
    /// Adds the words of `text` (letters, inner hyphens and apostrophes, ZWNJ) in language `lang`.
    pub(crate) fn add(&mut self, lang: &str, text: &str) {
        let at = match self.seen.iter().position(|(l, _)| l == lang) {
            Some(at) => at,
            None => {
                self.seen.push((lang.to_string(), HashSet::new()));
                self.seen.len() - 1
            }
        };
        let set = &mut self.seen[at].1;
        let tokens = text
            .split(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{200c}')))
            .map(|t| t.trim_matches(|c: char| !c.is_alphabetic()))
            .filter(|t| !t.is_empty());
        for t in tokens {
            if !set.contains(t) {
                set.insert(t.into());
            }
        }
    }

    /// The number of distinct words per language, in the order first seen.
    pub(crate) fn counts(&self) -> Vec<(String, usize)> {
        self.seen
            .iter()
            .map(|(l, s)| (l.clone(), s.len()))
            .collect()
    }
}

/// A language of the sample's `site.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    /// BCP 47 code.
    pub(crate) code: String,
    /// The language's own name.
    pub(crate) name: String,
    /// Site title in the language.
    pub(crate) title: String,
    /// The whole `[languages.<code>]` table, copied as it is.
    table: toml::Table,
}

impl Language {
    /// Right-to-left languages of the sample.
    pub(crate) fn rtl(&self) -> bool {
        matches!(self.code.as_str(), "ar" | "fa" | "ps" | "ur" | "he")
            || self
                .table
                .get("direction")
                .and_then(|d| d.as_str())
                .is_some_and(|d| d == "rtl")
    }
}

/// The languages and default language of the repository's `site.toml`.
pub(crate) fn sample_languages(repo: &Path) -> io::Result<(Vec<Language>, String)> {
    let text = fs::read_to_string(repo.join("site.toml"))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("site.toml: {e}")))?;
    let default = table
        .get("default_language")
        .and_then(|v| v.as_str())
        .unwrap_or("de")
        .to_string();
    let mut languages = Vec::new();
    if let Some(toml::Value::Table(langs)) = table.get("languages") {
        for (code, value) in langs {
            let Some(t) = value.as_table() else { continue };
            let get = |k: &str| {
                t.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or(code)
                    .to_string()
            };
            // The generated site has no static/ folder: preview images stay out,
            // as the top-level one does.
            let mut table = t.clone();
            table.remove("image");
            languages.push(Language {
                code: code.clone(),
                name: get("name"),
                title: get("title"),
                table,
            });
        }
    }
    if languages.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "site.toml has no [languages.*] tables",
        ));
    }
    Ok((languages, default))
}

/// The topic number (1-based) of article `n` (1-based).
pub(crate) fn topic_of(n: usize) -> usize {
    (n - 1) % TOPICS + 1
}

/// The content path of article `n` without extension: `topic-3/article-13`.
pub(crate) fn article_key(n: usize) -> String {
    format!("topic-{}/article-{n}", topic_of(n))
}

/// Front matter of a generated page.
#[derive(Debug, Clone)]
pub(crate) struct Front {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) updated: String,
    pub(crate) reviewed: Option<String>,
    pub(crate) weight: Option<usize>,
    pub(crate) sources: Vec<(String, String)>,
}

impl Front {
    /// The front matter of an article: reviewed on the day of its update.
    fn article(
        title: String,
        description: String,
        updated: String,
        weight: usize,
        sources: Vec<(String, String)>,
    ) -> Self {
        Self {
            title,
            description,
            reviewed: Some(updated.clone()),
            updated,
            weight: Some(weight),
            sources,
        }
    }
}

/// One generated Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct GenPage {
    /// Language code.
    pub(crate) lang: String,
    /// Path under the language folder: `_index.md`, `topic-1/_index.md`, `topic-1/article-1.md`.
    pub(crate) rel: String,
    pub(crate) front: Front,
    pub(crate) body: String,
    pub(crate) words: usize,
}

/// Writes text in one language.
struct Writer<'a> {
    rng: Rng,
    w: Words,
    lang: &'a str,
    words: usize,
    /// The realistic corpus's vocabulary; the small built-in list when `None`.
    vocab: Option<&'a Vocabulary>,
}

impl GenPage {
    /// Article `n` in language `code`.
    fn article(code: &str, n: usize, front: Front, body: String, words: usize) -> Self {
        Self {
            lang: code.to_string(),
            rel: format!("{}.md", article_key(n)),
            front,
            body,
            words,
        }
    }
}

impl<'a> Writer<'a> {
    /// `count` sources of article `n`, with titles in the language.
    fn sources(&mut self, n: usize, count: usize) -> Vec<(String, String)> {
        (0..count)
            .map(|i| {
                let len = self.rng.range(3, 6);
                (
                    self.phrase(len),
                    format!("https://www.example.org/sources/{n}/{i}"),
                )
            })
            .collect()
    }

    fn word(&mut self) -> &'a str {
        match self.vocab {
            Some(v) => v.sample(&mut self.rng),
            None => self.rng.pick(self.w.words),
        }
    }

    fn capitalize(&self, s: &str) -> String {
        if self.w.script == Script::Arabic {
            return s.to_string();
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }

    /// `n` words separated by spaces, first capitalized, counted.
    fn phrase(&mut self, n: usize) -> String {
        let mut out = String::new();
        for i in 0..n {
            let w = self.word();
            if i == 0 {
                out.push_str(&self.capitalize(w));
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        self.words += n;
        out
    }

    fn sentence(&mut self) -> String {
        if self.vocab.is_some() {
            return self.real_sentence();
        }
        let n = self.rng.range(6, 14);
        let mut s = self.phrase(n);
        let comma = if self.w.script == Script::Arabic {
            "،"
        } else {
            ","
        };
        if n > 9 && self.rng.range(0, 2) == 0 {
            s.push_str(comma);
            s.push(' ');
            s.push_str(&self.phrase(3).to_lowercase());
        }
        s.push(if self.rng.range(0, 9) == 0 {
            if self.w.script == Script::Arabic {
                '؟'
            } else {
                '?'
            }
        } else {
            '.'
        });
        s
    }

    /// A paragraph, with a phone number, an address or a German term now and then.
    fn paragraph(&mut self, link: Option<String>) -> String {
        if self.vocab.is_some() {
            return self.real_paragraph(link);
        }
        let n = self.rng.range(3, 6);
        let mut sentences: Vec<String> = (0..n).map(|_| self.sentence()).collect();
        let rtl_extra = self.w.script == Script::Arabic;
        if self.rng.range(0, 2) == 0 {
            let phone = self.rng.pick(PHONES);
            let lead = self.phrase(3);
            sentences.push(format!("{lead}: {phone}."));
            self.words += 2;
        }
        if self.rng.range(0, 3) == 0 {
            let lead = self.phrase(2);
            let topic = self.rng.range(1, TOPICS);
            let url = format!("https://www.example.org/{}/topic-{topic}/info", self.lang);
            sentences.push(format!("{lead} {url}."));
            self.words += 1;
        }
        if rtl_extra || self.rng.range(0, 4) == 0 {
            let term = self.rng.pick(self.w.terms);
            let lead = self.phrase(4);
            sentences.push(format!("{lead} ({term})."));
            self.words += 1;
        }
        if let Some(link) = link {
            let at = self.rng.range(0, sentences.len());
            sentences.insert(at, link);
        }
        sentences.join(" ")
    }

    /// A sentence of the realistic corpus: 3 to 35 words, skewed towards
    /// short ones (mean about 16), with a comma now and then.
    fn real_sentence(&mut self) -> String {
        let short = self.rng.range(0, 32).min(self.rng.range(0, 32));
        let n = (3 + short + self.rng.range(0, 6)).min(35);
        let arabic = self.w.script == Script::Arabic;
        let mut s = String::new();
        for i in 0..n {
            let w = self.word();
            if i == 0 {
                s.push_str(&self.capitalize(w));
            } else {
                if i >= 4 && i + 2 < n && self.rng.range(0, 10) == 0 {
                    s.push(if arabic { '،' } else { ',' });
                }
                s.push(' ');
                s.push_str(w);
            }
        }
        self.words += n;
        s.push(match (self.rng.range(0, 11), arabic) {
            (0, true) => '؟',
            (0, false) => '?',
            _ => '.',
        });
        s
    }

    /// A paragraph of the realistic corpus: 1 to 6 sentences, with a phone
    /// number, an address or a German term (always in right-to-left text) now
    /// and then.
    fn real_paragraph(&mut self, link: Option<String>) -> String {
        const SENTENCES: &[usize] = &[1, 2, 2, 3, 3, 3, 4, 4, 5, 6];
        let n = SENTENCES[self.rng.range(0, SENTENCES.len() - 1)];
        let mut sentences: Vec<String> = (0..n).map(|_| self.real_sentence()).collect();
        if self.rng.range(0, 3) == 0 {
            let phone = self.rng.pick(PHONES);
            let len = self.rng.range(2, 5);
            let lead = self.phrase(len);
            sentences.push(format!("{lead}: {phone}."));
            self.words += 2;
        }
        if self.rng.range(0, 4) == 0 {
            let len = self.rng.range(2, 5);
            let lead = self.phrase(len);
            let topic = self.rng.range(1, TOPICS);
            let url = format!("https://www.example.org/{}/topic-{topic}/info", self.lang);
            sentences.push(format!("{lead} {url}."));
            self.words += 1;
        }
        if self.w.script == Script::Arabic || self.rng.range(0, 5) == 0 {
            let term = self.rng.pick(self.w.terms);
            let len = self.rng.range(3, 7);
            let lead = self.phrase(len);
            sentences.push(format!("{lead} ({term})."));
            self.words += 1;
        }
        if let Some(link) = link {
            let at = self.rng.range(0, sentences.len());
            sentences.insert(at, link);
        }
        sentences.join(" ")
    }
}

/// Everything needed to write the site, in one language-independent plan.
pub(crate) struct Plan {
    pub(crate) spec: Spec,
    pub(crate) languages: Vec<Language>,
    pub(crate) default_language: String,
    /// The vocabulary of each language (realistic corpus only).
    vocabularies: Vec<Option<Vocabulary>>,
}

impl Plan {
    /// A plan with the repository's languages (and, for the realistic corpus,
    /// the vocabularies from the installed hunspell dictionaries).
    pub(crate) fn new(repo: &Path, spec: Spec) -> io::Result<Self> {
        let (languages, default_language) = sample_languages(repo)?;
        Ok(Self::with_languages(
            spec,
            languages,
            default_language,
            Path::new(HUNSPELL_DIR),
        ))
    }

    /// A plan with the given languages, reading dictionaries from `dictionaries`.
    fn with_languages(
        spec: Spec,
        languages: Vec<Language>,
        default_language: String,
        dictionaries: &Path,
    ) -> Self {
        let vocabularies = match spec.corpus {
            Corpus::Small => languages.iter().map(|_| None).collect(),
            Corpus::Realistic => std::thread::scope(|scope| {
                let loading: Vec<_> = languages
                    .iter()
                    .map(|l| scope.spawn(|| Vocabulary::load(&l.code, dictionaries, spec.seed)))
                    .collect();
                loading.into_iter().map(|h| h.join().ok()).collect()
            }),
        };
        Self {
            spec,
            languages,
            default_language,
            vocabularies,
        }
    }

    /// Where each language's words come from (language code, description).
    pub(crate) fn vocabulary_sources(&self) -> Vec<(String, String)> {
        self.languages
            .iter()
            .zip(&self.vocabularies)
            .map(|(l, v)| {
                let source = match v {
                    Some(v) => format!("{}; {} words in all", v.source, thousands(v.len())),
                    None => "built-in list".to_string(),
                };
                (l.code.clone(), source)
            })
            .collect()
    }

    fn writer<'a>(&'a self, lang_index: usize, lang: &'a str, stream: u64) -> Writer<'a> {
        Writer {
            rng: Rng::new(
                self.spec.seed,
                stream.wrapping_mul(64).wrapping_add(lang_index as u64 + 1),
            ),
            w: words(lang),
            lang,
            words: 0,
            vocab: self.vocabularies.get(lang_index).and_then(Option::as_ref),
        }
    }

    fn date(rng: &mut Rng) -> String {
        format!(
            "20{:02}-{:02}-{:02}",
            rng.range(23, 25),
            rng.range(1, 12),
            rng.range(1, 28)
        )
    }

    /// Every page, in a fixed order: per language the home, the topics, the articles.
    pub(crate) fn pages(&self) -> impl Iterator<Item = GenPage> + '_ {
        (0..self.languages.len()).flat_map(move |l| {
            let homes = std::iter::once(self.home(l));
            let topics = (1..=TOPICS).map(move |t| self.topic(l, t));
            let articles = (1..=self.spec.articles).map(move |n| self.article(l, n));
            homes.chain(topics).chain(articles)
        })
    }

    /// The number of HTML pages a build makes: root, and per language the home,
    /// the topics and the articles.
    pub(crate) fn page_count(&self) -> usize {
        1 + self.languages.len() * (1 + TOPICS + self.spec.articles)
    }

    fn description(w: &mut Writer<'_>) -> String {
        let mut d = w.sentence();
        while d.chars().count() > 150 {
            let cut: String = d.chars().take(140).collect();
            let mut cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
            if w.vocab.is_some() {
                cut = cut.trim_end_matches([',', '،']);
            }
            d = format!("{cut}.");
        }
        d
    }

    fn home(&self, l: usize) -> GenPage {
        let lang = &self.languages[l];
        let mut w = self.writer(l, &lang.code, 1);
        let body = format!("{}\n\n{}\n", w.paragraph(None), w.paragraph(None));
        GenPage {
            lang: lang.code.clone(),
            rel: "_index.md".into(),
            front: Front {
                title: lang.title.clone(),
                description: Self::description(&mut w),
                updated: "2026-11-25".into(),
                reviewed: None,
                weight: None,
                sources: Vec::new(),
            },
            body,
            words: w.words,
        }
    }

    fn topic(&self, l: usize, t: usize) -> GenPage {
        let lang = &self.languages[l];
        let mut w = self.writer(l, &lang.code, 2 + t as u64);
        let n = w.rng.range(1, 3);
        let title = w.phrase(n);
        let description = Self::description(&mut w);
        let body = format!("{}\n", w.paragraph(None));
        GenPage {
            lang: lang.code.clone(),
            rel: format!("topic-{t}/_index.md"),
            front: Front {
                title,
                description,
                updated: "2026-11-25".into(),
                reviewed: None,
                weight: Some(t * 10),
                sources: Vec::new(),
            },
            body,
            words: w.words,
        }
    }

    /// Article `n` in language `l`. Its structure (headings, their ids, links)
    /// is the same in every language; the text is the language's own.
    pub(crate) fn article(&self, l: usize, n: usize) -> GenPage {
        if self.spec.corpus == Corpus::Realistic {
            return self.real_article(l, n);
        }
        let lang = &self.languages[l];
        let mut shape = Rng::new(self.spec.seed, 1_000_000 + n as u64);
        let sections = shape.range(4, 8);
        let target_words = shape.range(600, 1200);
        let list_at = shape.range(1, sections);
        let table_at = shape.range(1, sections);
        let links: Vec<(usize, usize, usize)> = (0..shape.range(2, 4))
            .map(|_| {
                (
                    shape.range(1, sections),
                    shape.range(1, self.spec.articles),
                    shape.range(1, 4),
                )
            })
            .collect();
        let updated = Self::date(&mut shape);
        let weight = shape.range(1, 100);
        let source_count = shape.range(1, 3);

        let mut w = self.writer(l, &lang.code, 100 + n as u64);
        let title_len = w.rng.range(3, 7);
        let title = w.phrase(title_len);
        let description = Self::description(&mut w);
        let per_section = target_words / (sections + 1);
        let mut body = String::new();
        let _ = writeln!(body, "{}\n", w.paragraph(None));
        for s in 1..=sections {
            let hlen = w.rng.range(2, 5);
            let _ = writeln!(body, "## {} {{#s{s}}}\n", w.phrase(hlen));
            let start = w.words;
            let mut pending: Vec<String> = links
                .iter()
                .filter(|(at, _, _)| *at == s)
                .map(|&(_, target, anchor)| {
                    let len = w.rng.range(2, 4);
                    format!(
                        "[{}](../{}.md#s{anchor})",
                        w.phrase(len),
                        article_key(target)
                    )
                })
                .collect();
            loop {
                let link = pending.pop();
                let _ = writeln!(body, "{}\n", w.paragraph(link));
                if w.words - start >= per_section && pending.is_empty() {
                    break;
                }
            }
            if s == list_at {
                for _ in 0..w.rng.range(3, 6) {
                    let len = w.rng.range(3, 8);
                    let item = w.phrase(len);
                    if w.rng.range(0, 2) == 0 {
                        let phone = w.rng.pick(PHONES);
                        let _ = writeln!(body, "- {item}: {phone}");
                    } else {
                        let _ = writeln!(body, "- {item}");
                    }
                }
                body.push('\n');
            }
            if s == table_at {
                let head: Vec<String> = (0..3).map(|_| w.phrase(1)).collect();
                let _ = writeln!(body, "| {} |\n|---|---|---|", head.join(" | "));
                for _ in 0..w.rng.range(3, 5) {
                    let a = w.phrase(2);
                    let b = w.phrase(3);
                    let phone = w.rng.pick(PHONES);
                    let _ = writeln!(body, "| {a} | {b} | {phone} |");
                }
                body.push('\n');
            }
        }
        let sources = w.sources(n, source_count);
        let front = Front::article(title, description, updated, weight, sources);
        GenPage::article(&lang.code, n, front, body, w.words)
    }
}

/// The heading structure of an article of the realistic corpus, the same in
/// every language.
struct Outline {
    /// Level (2 or 3) of each heading, and whether it carries `{#s<position>}`.
    headings: Vec<(u8, bool)>,
}

/// Share of headings with an explicit id in the realistic corpus, in tenths.
const EXPLICIT_ID_TENTHS: usize = 3;

impl Plan {
    /// The headings of article `n`: 3 to 6 `##`, some with `###` under them
    /// (10 headings at most); about 30 % with an explicit id.
    fn outline(&self, n: usize) -> Outline {
        let mut rng = Rng::new(self.spec.seed, 2_000_000 + n as u64);
        let mut headings = Vec::new();
        for _ in 0..rng.range(3, 6) {
            headings.push((2, rng.range(0, 9) < EXPLICIT_ID_TENTHS));
            for _ in 0..[0, 0, 0, 1, 1, 2][rng.range(0, 5)] {
                if headings.len() < 10 {
                    headings.push((3, rng.range(0, 9) < EXPLICIT_ID_TENTHS));
                }
            }
        }
        Outline { headings }
    }

    /// A link destination in article `from` to another article (never
    /// `avoid`): a section with an explicit id, or the article itself when it
    /// has none (or now and then).
    fn link_target(&self, rng: &mut Rng, from: usize, avoid: Option<usize>) -> String {
        let articles = self.spec.articles;
        let mut target = rng.range(1, articles);
        if target == from && articles > 1 {
            target = target % articles + 1;
        }
        // An article a local site hides: the next one instead (not `from`).
        for _ in 0..2 {
            if Some(target) == avoid || (target == from && articles > 2) {
                target = target % articles + 1;
            }
        }
        let ids: Vec<usize> = self
            .outline(target)
            .headings
            .iter()
            .enumerate()
            .filter(|(_, (_, explicit))| *explicit)
            .map(|(i, _)| i + 1)
            .collect();
        let key = article_key(target);
        if ids.is_empty() || rng.range(0, 4) == 0 {
            format!("../{key}.md")
        } else {
            let id = ids[rng.range(0, ids.len() - 1)];
            format!("../{key}.md#s{id}")
        }
    }

    /// Article `n` of the realistic corpus in language `l`.
    fn real_article(&self, l: usize, n: usize) -> GenPage {
        let outline = self.outline(n);
        let shape = Rng::new(self.spec.seed, 2_500_000 + n as u64);
        let (front, body, words) = self.compose(l, &outline, shape, 100 + n as u64, n, None);
        GenPage::article(&self.languages[l].code, n, front, body, words)
    }

    /// The front matter and body of an article with the realistic corpus's
    /// structure under `outline`: its shape (length, lists, links, date)
    /// drawn from `shape`, its text from writer stream `stream`. Links go to
    /// other articles than `from` (which also numbers the sources) and never
    /// to article `avoid`.
    fn compose(
        &self,
        l: usize,
        outline: &Outline,
        mut shape: Rng,
        stream: u64,
        from: usize,
        avoid: Option<usize>,
    ) -> (Front, String, usize) {
        let lang = &self.languages[l];
        let count = outline.headings.len();
        let target_words = shape.range(600, 1270);
        let bullets_at = shape.range(0, count - 1);
        let numbered_at = (shape.range(0, 1) == 0).then(|| shape.range(0, count - 1));
        let table_at = (shape.range(0, 2) > 0).then(|| shape.range(0, count - 1));
        let links: Vec<(usize, String)> = (0..shape.range(2, 5))
            .map(|_| {
                let at = shape.range(0, count - 1);
                (at, self.link_target(&mut shape, from, avoid))
            })
            .collect();
        let updated = Self::date(&mut shape);
        let weight = shape.range(1, 100);
        let source_count = shape.range(1, 3);

        let mut w = self.writer(l, &lang.code, stream);
        let title_len = w.rng.range(3, 7);
        let title = w.phrase(title_len);
        let description = Self::description(&mut w);
        let mut body = String::new();
        for _ in 0..w.rng.range(1, 2) {
            let _ = writeln!(body, "{}\n", w.paragraph(None));
        }
        for (i, &(level, explicit)) in outline.headings.iter().enumerate() {
            let hlen = w.rng.range(2, 6);
            let text = w.phrase(hlen);
            let hashes = "#".repeat(level as usize);
            if explicit {
                let _ = writeln!(body, "{hashes} {text} {{#s{}}}\n", i + 1);
            } else {
                let _ = writeln!(body, "{hashes} {text}\n");
            }
            let start = w.words;
            // What is left of the article's words, shared by the headings to
            // come; the lists, tables and headings take about 110 of them.
            let budget = (target_words - 110).saturating_sub(w.words) / (count - i);
            let mut pending: Vec<String> = links
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|(_, dest)| {
                    let len = w.rng.range(1, 4);
                    format!("[{}]({dest})", w.phrase(len))
                })
                .collect();
            loop {
                let link = pending.pop();
                let _ = writeln!(body, "{}\n", w.paragraph(link));
                // A paragraph has about 60 words: stop at the nearer end.
                if w.words - start + 30 >= budget && pending.is_empty() {
                    break;
                }
            }
            if i == bullets_at {
                for _ in 0..w.rng.range(3, 7) {
                    let len = w.rng.range(2, 9);
                    let item = w.phrase(len);
                    if w.rng.range(0, 2) == 0 {
                        let phone = w.rng.pick(PHONES);
                        let _ = writeln!(body, "- {item}: {phone}");
                    } else {
                        let _ = writeln!(body, "- {item}");
                    }
                }
                body.push('\n');
            }
            if numbered_at == Some(i) {
                for step in 1..=w.rng.range(3, 6) {
                    let _ = writeln!(body, "{step}. {}", w.sentence());
                }
                body.push('\n');
            }
            if table_at == Some(i) {
                let head: Vec<String> = (0..3).map(|_| w.phrase(1)).collect();
                let _ = writeln!(body, "| {} |\n|---|---|---|", head.join(" | "));
                for _ in 0..w.rng.range(3, 6) {
                    let a_len = w.rng.range(1, 3);
                    let a = w.phrase(a_len);
                    let b_len = w.rng.range(2, 6);
                    let b = w.phrase(b_len);
                    let phone = w.rng.pick(PHONES);
                    let _ = writeln!(body, "| {a} | {b} | {phone} |");
                }
                body.push('\n');
            }
        }
        let sources = w.sources(from, source_count);
        let front = Front::article(title, description, updated, weight, sources);
        (front, body, w.words)
    }
}

/// Services in each local site's referral directory.
pub(crate) const LOCAL_SERVICES: usize = 20;

/// Local articles of each local site, in its local topic.
pub(crate) const LOCAL_ARTICLES: usize = 10;

/// Shared articles each local site replaces with its own version.
pub(crate) const LOCAL_REPLACEMENTS: usize = 5;

/// The topic folder of a local site's own articles.
pub(crate) const LOCAL_TOPIC: &str = "local";

/// The id of local site `s` (1-based): `site-01`.
pub(crate) fn local_site_id(s: usize) -> String {
    format!("site-{s:02}")
}

/// What one generated local site holds besides its directory.
#[derive(Debug, Clone)]
pub(crate) struct LocalPlan {
    /// Its number (1-based).
    pub(crate) number: usize,
    /// `site-01`.
    pub(crate) id: String,
    /// The fictional place's name.
    pub(crate) name: String,
    /// The shared article it hides (never article 1, which the benchmark edits).
    pub(crate) hidden: Option<usize>,
    /// The shared articles it has its own version of (never article 1).
    pub(crate) replaced: Vec<usize>,
}

/// Kinds of service of the referral directory, with a German name for each.
const SERVICE_KINDS: &[(&str, &str)] = &[
    ("migration-counselling", "Migrationsberatung für Erwachsene"),
    ("youth-migration", "Jugendmigrationsdienst"),
    ("counselling", "Sozialberatung"),
    ("health", "Gesundheitszentrum mit Sprachmittlung"),
    ("legal-aid", "Rechtsberatung für Geflüchtete"),
    ("authority", "Ausländerbehörde"),
    ("work", "Beratungsstelle Faire Arbeit"),
    ("housing", "Wohnungsnotfallhilfe"),
    ("education", "Bildungsberatung"),
    ("family", "Familienzentrum"),
    ("other", "Frauenberatungsstelle"),
];

/// Parts of the fictional places' names.
const PLACE_STEMS: &[&str] = &["Muster", "Beispiel", "Proben", "Vorlagen", "Entwurfs"];
const PLACE_ENDINGS: &[&str] = &["stadt", "kreis", "dorf", "hausen", "heim", "berg"];
const STREETS: &[&str] = &[
    "Musterstraße",
    "Beispielweg",
    "Am Probeplatz",
    "Hauptstraße",
    "Bahnhofstraße",
    "Marktplatz",
    "Schulstraße",
    "Lindenallee",
];
const DISTRICTS: &[&str] = &["Nord", "Süd", "Ost", "West", "Mitte"];

/// Languages spoken at services besides German (BCP 47, not only the site's).
const SPOKEN: &[&str] = &[
    "ar", "fa", "ps", "en", "fr", "tr", "ru", "uk", "ro", "bg", "pl", "ku", "ti", "so", "sq", "sr",
    "vi",
];

/// Days of the opening hours' rules: the first rule's days and, in some, a
/// second rule's on other days.
const OPENING_DAYS: &[(&str, Option<&str>)] = &[
    ("Mo-Fr", None),
    ("Mo-Th", Some("Fr")),
    ("Mo,We,Fr", Some("Tu,Th")),
    ("Mo-We", Some("Th,Fr")),
    ("Tu-Fr", Some("Sa")),
    ("Mo-We,Fr", Some("Th")),
    ("Mo,Tu,Th", None),
];

impl Plan {
    /// Local site `s` (1-based): its name, hidden and replaced articles.
    pub(crate) fn local_site(&self, s: usize) -> LocalPlan {
        let mut rng = Rng::new(self.spec.seed, 8_000_000 + s as u64);
        let n = self.spec.articles;
        // Article 1 stays the shared one in every site: the benchmark edits it.
        let others = n.saturating_sub(1);
        let want = (LOCAL_REPLACEMENTS + 1).min(others);
        let mut chosen: Vec<usize> = Vec::with_capacity(want);
        while chosen.len() < want {
            let a = rng.range(2, n);
            if !chosen.contains(&a) {
                chosen.push(a);
            }
        }
        let hidden = (chosen.len() > LOCAL_REPLACEMENTS).then(|| chosen.remove(0));
        let i = s - 1;
        let stem = PLACE_STEMS[i % PLACE_STEMS.len()];
        let ending =
            PLACE_ENDINGS[(i % PLACE_STEMS.len() + i / PLACE_STEMS.len()) % PLACE_ENDINGS.len()];
        let mut name = format!("{stem}{ending}");
        if i >= PLACE_STEMS.len() * PLACE_ENDINGS.len() {
            name = format!("{name} {s}");
        }
        LocalPlan {
            number: s,
            id: local_site_id(s),
            name,
            hidden,
            replaced: chosen,
        }
    }

    /// The writer streams of local site `site`, apart from the shared site's.
    fn local_stream(site: &LocalPlan, k: u64) -> u64 {
        10_000_000 + site.number as u64 * 100_000 + k
    }

    /// Local article `k` (1-based) of `site` in language `l`, in the local
    /// topic: the realistic structure, linking to shared articles.
    pub(crate) fn local_article(&self, site: &LocalPlan, l: usize, k: usize) -> GenPage {
        let mut rng = Rng::new(self.spec.seed, Self::local_stream(site, k as u64));
        let mut headings = Vec::new();
        for _ in 0..rng.range(3, 5) {
            headings.push((2, rng.range(0, 9) < EXPLICIT_ID_TENTHS));
        }
        let outline = Outline { headings };
        let shape = Rng::new(self.spec.seed, Self::local_stream(site, 1_000 + k as u64));
        let from = self.spec.articles + k;
        let stream = Self::local_stream(site, 2_000 + k as u64);
        let (front, body, words) = self.compose(l, &outline, shape, stream, from, site.hidden);
        GenPage {
            lang: self.languages[l].code.clone(),
            rel: format!("{LOCAL_TOPIC}/article-{k}.md"),
            front,
            body,
            words,
        }
    }

    /// The local topic's page of `site` in language `l`.
    pub(crate) fn local_topic(&self, site: &LocalPlan, l: usize) -> GenPage {
        let lang = &self.languages[l];
        let mut w = self.writer(l, &lang.code, Self::local_stream(site, 3_000));
        let n = w.rng.range(1, 3);
        let title = w.phrase(n);
        let description = Self::description(&mut w);
        let body = format!("{}\n", w.paragraph(None));
        GenPage {
            lang: lang.code.clone(),
            rel: format!("{LOCAL_TOPIC}/_index.md"),
            front: Front {
                title,
                description,
                updated: "2026-11-25".into(),
                reviewed: None,
                weight: Some(5),
                sources: Vec::new(),
            },
            body,
            words: w.words,
        }
    }

    /// `site`'s version of shared article `n` in language `l`: other text
    /// under the shared article's headings (the same levels and explicit
    /// ids, so that it keeps the shared section ids), and the shared
    /// article's `updated` date as `shared_updated`.
    pub(crate) fn replacement(&self, site: &LocalPlan, l: usize, n: usize) -> Replacement {
        let shared = self.article(l, n);
        let headings = shared
            .body
            .lines()
            .filter(|line| line.starts_with('#'))
            .map(|line| {
                let level = line.chars().take_while(|&c| c == '#').count() as u8;
                (level, line.trim_end().ends_with('}'))
            })
            .collect();
        let outline = Outline { headings };
        let shape = Rng::new(self.spec.seed, Self::local_stream(site, 4_000 + n as u64));
        let stream = Self::local_stream(site, 50_000 + n as u64);
        let (mut front, body, words) = self.compose(l, &outline, shape, stream, n, site.hidden);
        front.updated = "2026-11-26".into();
        front.reviewed = Some(front.updated.clone());
        Replacement {
            page: GenPage {
                lang: shared.lang,
                rel: shared.rel,
                front,
                body,
                words,
            },
            shared_updated: shared.front.updated,
        }
    }

    /// The `site.toml` of `site`: its name, address, every language with a
    /// title, the hidden article, and its contact channels (example data).
    pub(crate) fn local_site_toml(&self, site: &LocalPlan) -> io::Result<String> {
        let mut rng = Rng::new(self.spec.seed, Self::local_stream(site, 5_000));
        let mut t = toml::Table::new();
        let string = |s: &str| toml::Value::String(s.to_string());
        let list = |items: &[&str]| toml::Value::Array(items.iter().map(|s| string(s)).collect());
        t.insert("name".into(), string(&site.name));
        t.insert(
            "base_url".into(),
            string(&format!("https://{}.bench.example/", site.id)),
        );
        if let Some(h) = site.hidden {
            t.insert("hide".into(), list(&[&article_key(h)]));
        }
        t.insert("example".into(), toml::Value::Boolean(true));
        let mut langs = toml::Table::new();
        for l in &self.languages {
            let brand = l.title.split(" – ").next().unwrap_or(&l.title);
            let mut table = toml::Table::new();
            table.insert("title".into(), string(&format!("{brand} {}", site.name)));
            langs.insert(l.code.clone(), toml::Value::Table(table));
        }
        t.insert("languages".into(), toml::Value::Table(langs));
        let codes: Vec<&str> = self.languages.iter().map(|l| l.code.as_str()).collect();
        let some = |rng: &mut Rng| -> Vec<&str> {
            let mut picked = vec![self.default_language.as_str()];
            for _ in 0..rng.range(1, 4) {
                let c = codes[rng.range(0, codes.len() - 1)];
                if !picked.contains(&c) {
                    picked.push(c);
                }
            }
            picked
        };
        let mail_host = format!("{}.bench.example", site.id);
        let channels = [
            (
                "phone",
                format!("Integrationsbüro {}", site.name),
                format!("030 23125 {:03}", rng.range(0, 999)),
            ),
            (
                "email",
                format!("Streetwork {}", site.name),
                format!("streetwork@{mail_host}"),
            ),
            (
                "office",
                format!("Kommunales Integrationsmanagement {}", site.name),
                Self::address(&mut rng, site),
            ),
        ];
        let channels: Vec<toml::Value> = channels
            .into_iter()
            .map(|(kind, label, value)| {
                let mut c = toml::Table::new();
                c.insert("kind".into(), string(kind));
                c.insert("label".into(), string(&label));
                c.insert("value".into(), string(&value));
                c.insert("languages".into(), list(&some(&mut rng)));
                if kind != "email" {
                    c.insert("hours".into(), string("Mo–Fr 09:00–16:00"));
                }
                toml::Value::Table(c)
            })
            .collect();
        let mut contact = toml::Table::new();
        contact.insert("example".into(), toml::Value::Boolean(true));
        contact.insert("channels".into(), toml::Value::Array(channels));
        t.insert("contact".into(), toml::Value::Table(contact));
        let text = toml::to_string(&t).map_err(io::Error::other)?;
        Ok(format!(
            "# Local site {} of the knowledge base written by lotse-bench: example data.\n{text}",
            site.number
        ))
    }

    /// A fictional address in `site`'s place.
    fn address(rng: &mut Rng, site: &LocalPlan) -> String {
        format!(
            "{} {}, {:05} {}",
            STREETS[rng.range(0, STREETS.len() - 1)],
            rng.range(1, 120),
            10_000 + site.number * 731 % 89_000,
            site.name
        )
    }

    /// `site`'s referral directory (`services.yaml`): 20 services of every
    /// kind, with the shared topics they serve, example phone numbers (030
    /// 23125 000 to 999, the range for fictitious numbers) in varied forms,
    /// `.example` addresses, opening hours, languages spoken, and a
    /// description in every language of the site.
    pub(crate) fn services_yaml(&self, site: &LocalPlan) -> String {
        let mut rng = Rng::new(self.spec.seed, Self::local_stream(site, 6_000));
        let mut out = format!(
            "# Referral directory of {}, written by lotse-bench: example data.\nservices:\n",
            site.name
        );
        let lat0 = 48.0 + rng.range(0, 4_000) as f64 / 1_000.0;
        let lon0 = 7.0 + rng.range(0, 6_000) as f64 / 1_000.0;
        let mut per_kind = vec![0usize; SERVICE_KINDS.len()];
        for k in 0..LOCAL_SERVICES {
            let kind_index = k % SERVICE_KINDS.len();
            let (kind, label) = SERVICE_KINDS[kind_index];
            per_kind[kind_index] += 1;
            let id = format!("{kind}-{}", per_kind[kind_index]);
            let name = if per_kind[kind_index] == 1 {
                format!("{label} {}", site.name)
            } else {
                let district = DISTRICTS[rng.range(0, DISTRICTS.len() - 1)];
                format!("{label} {} {district}", site.name)
            };
            let _ = writeln!(out, "  - id: {id}");
            let _ = writeln!(out, "    name: {}", quoted(&name));
            let _ = writeln!(out, "    kind: {kind}");
            let mut topics: Vec<usize> = Vec::new();
            for _ in 0..rng.range(1, 3) {
                let t = rng.range(1, TOPICS);
                if !topics.contains(&t) {
                    topics.push(t);
                }
            }
            let topics: Vec<String> = topics.iter().map(|t| format!("topic-{t}")).collect();
            let _ = writeln!(out, "    topics: [{}]", topics.join(", "));
            if rng.range(0, 3) == 0 {
                let n = rng.range(1, self.spec.articles);
                if Some(n) != site.hidden {
                    let _ = writeln!(out, "    articles: [{}]", article_key(n));
                }
            }
            let _ = writeln!(
                out,
                "    address: {}",
                quoted(&Self::address(&mut rng, site))
            );
            if rng.range(0, 4) > 0 {
                let lat = lat0 + (rng.range(0, 6_000) as f64 - 3_000.0) / 100_000.0;
                let lon = lon0 + (rng.range(0, 6_000) as f64 - 3_000.0) / 100_000.0;
                let _ = writeln!(out, "    coordinates: [{lat:.5}, {lon:.5}]");
            }
            if rng.range(0, 6) > 0 {
                let _ = writeln!(out, "    phone: {}", quoted(&Self::phone(&mut rng)));
            }
            let _ = writeln!(out, "    email: \"{id}@{}.bench.example\"", site.id);
            if rng.range(0, 2) == 0 {
                let _ = writeln!(out, "    web: \"https://{id}.{}.bench.example/\"", site.id);
            }
            let _ = writeln!(
                out,
                "    opening_hours: {}",
                quoted(&Self::opening_hours(&mut rng))
            );
            let mut spoken = vec!["de"];
            for _ in 0..rng.range(1, 4) {
                let c = SPOKEN[rng.range(0, SPOKEN.len() - 1)];
                if !spoken.contains(&c) {
                    spoken.push(c);
                }
            }
            let _ = writeln!(out, "    languages: [{}]", spoken.join(", "));
            match rng.range(0, 3) {
                0 => out.push_str("    wheelchair: yes\n"),
                1 => out.push_str("    wheelchair: limited\n"),
                2 => out.push_str("    wheelchair: no\n"),
                _ => {}
            }
            out.push_str("    description:\n");
            for (l, lang) in self.languages.iter().enumerate() {
                let mut w = self.writer(l, &lang.code, Self::local_stream(site, 7_000 + k as u64));
                let text = Self::description(&mut w);
                let _ = writeln!(out, "      {}: {}", lang.code, quoted(&text));
            }
        }
        out
    }

    /// An example phone number (030 23125 000 to 999) in one of the forms
    /// people write.
    fn phone(rng: &mut Rng) -> String {
        let n = rng.range(0, 999);
        match rng.range(0, 5) {
            0 => format!("030 23125 {n:03}"),
            1 => format!("030 23125{n:03}"),
            2 => format!("030/23125-{n:03}"),
            3 => format!("(030) 23125 {n:03}"),
            4 => format!("+49 30 23125 {n:03}"),
            _ => format!("+49 3023125{n:03}"),
        }
    }

    /// Opening hours in the subset of OpenStreetMap's syntax that lotse reads.
    fn opening_hours(rng: &mut Rng) -> String {
        if rng.range(0, 11) == 0 {
            return "24/7".into();
        }
        let times = |rng: &mut Rng, afternoon: bool| {
            let minutes = |rng: &mut Rng| if rng.range(0, 2) == 0 { "30" } else { "00" };
            let start = if afternoon {
                rng.range(13, 14)
            } else {
                rng.range(7, 10)
            };
            let end = start + rng.range(2, 4);
            format!("{start:02}:{}-{end:02}:{}", minutes(rng), minutes(rng))
        };
        let (first, second) = OPENING_DAYS[rng.range(0, OPENING_DAYS.len() - 1)];
        let mut rule = format!("{first} {}", times(rng, false));
        if rng.range(0, 2) == 0 {
            rule.push(',');
            rule.push_str(&times(rng, true));
        }
        let mut rules = vec![rule];
        if let Some(days) = second {
            rules.push(format!("{days} {}", times(rng, true)));
        }
        if !rules.iter().any(|r| r.contains("Sa")) && rng.range(0, 3) == 0 {
            rules.push("Sa off".into());
        }
        if rng.range(0, 2) == 0 {
            rules.push("PH off".into());
        }
        rules.join("; ")
    }
}

/// A local site's version of a shared article.
#[derive(Debug, Clone)]
pub(crate) struct Replacement {
    /// The page, at the shared article's path.
    pub(crate) page: GenPage,
    /// The shared article's `updated` date it was made from.
    pub(crate) shared_updated: String,
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The page as a lotse Markdown file.
pub(crate) fn lotse_file(page: &GenPage) -> String {
    markdown_file(page, &[("updated", &page.front.updated)])
}

/// The page as a Hugo content file (YAML front matter; `reviewed` and
/// `sources` become page params).
pub(crate) fn hugo_file(page: &GenPage) -> String {
    let updated = &page.front.updated;
    markdown_file(page, &[("date", updated), ("lastmod", updated)])
}

/// The page with YAML front matter: title, description, the given date
/// keys, reviewed, weight and sources, then the body.
fn markdown_file(page: &GenPage, dates: &[(&str, &str)]) -> String {
    let f = &page.front;
    let mut out = String::with_capacity(page.body.len() + 512);
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", quoted(&f.title));
    let _ = writeln!(out, "description: {}", quoted(&f.description));
    for (key, date) in dates {
        let _ = writeln!(out, "{key}: {date}");
    }
    if let Some(r) = &f.reviewed {
        let _ = writeln!(out, "reviewed: {r}");
    }
    if let Some(wt) = f.weight {
        let _ = writeln!(out, "weight: {wt}");
    }
    if !f.sources.is_empty() {
        out.push_str("sources:\n");
        for (title, url) in &f.sources {
            let _ = writeln!(
                out,
                "  - title: {}\n    url: {}",
                quoted(title),
                quoted(url)
            );
        }
    }
    out.push_str("---\n\n");
    out.push_str(&page.body);
    out
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

/// Removes a previously generated folder (only one this generator made).
fn clear(dest: &Path, marker: &str) -> io::Result<()> {
    if dest.exists() {
        if !dest.join(marker).exists() && fs::read_dir(dest)?.next().is_some() {
            return Err(io::Error::other(format!(
                "{} exists and was not made by lotse-bench: choose an empty folder",
                dest.display()
            )));
        }
        fs::remove_dir_all(dest)?;
    }
    fs::create_dir_all(dest)?;
    fs::write(
        dest.join(marker),
        "generated by lotse-bench; safe to delete\n",
    )
}

/// The marker file of generated sites.
pub(crate) const MARKER: &str = ".lotse-bench-site";

/// Writes the site in lotse's format to `dest` (replacing an earlier one).
pub(crate) fn write_lotse(repo: &Path, dest: &Path, plan: &Plan) -> io::Result<Stats> {
    clear(dest, MARKER)?;
    let mut site = toml::Table::new();
    site.insert(
        "base_url".into(),
        toml::Value::String("https://lotse.example.org/".into()),
    );
    site.insert(
        "default_language".into(),
        toml::Value::String(plan.default_language.clone()),
    );
    site.insert("theme".into(), toml::Value::String("default".into()));
    site.insert("minify".into(), toml::Value::Boolean(true));
    let mut langs = toml::Table::new();
    for l in &plan.languages {
        langs.insert(l.code.clone(), toml::Value::Table(l.table.clone()));
    }
    site.insert("languages".into(), toml::Value::Table(langs));
    let text = toml::to_string(&site).map_err(io::Error::other)?;
    write(
        &dest.join("site.toml"),
        &format!(
            "# Synthetic knowledge base written by lotse-bench (seed {}, {} articles per language).\n{text}",
            plan.spec.seed, plan.spec.articles
        ),
    )?;
    copy_dir(&repo.join("themes"), &dest.join("themes"))?;
    copy_dir(&repo.join("i18n"), &dest.join("i18n"))?;
    let mut stats = Stats {
        pages: plan.page_count(),
        ..Stats::default()
    };
    let mut counter = WordCounter::default();
    for page in plan.pages() {
        counter.add(&page.lang, &page.body);
        let text = lotse_file(&page);
        write(
            &dest.join("content").join(&page.lang).join(&page.rel),
            &text,
        )?;
        stats.files += 1;
        stats.markdown_bytes += text.len() as u64;
        stats.words += page.words as u64;
    }
    stats.distinct_words = counter.counts();
    Ok(stats)
}

/// What `write_local_sites` wrote.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocalStats {
    /// Local sites written.
    pub(crate) sites: usize,
    /// Markdown files written (local articles and topics, replacements).
    pub(crate) files: usize,
    /// Bytes of Markdown written.
    pub(crate) markdown_bytes: u64,
    /// Services in all directories.
    pub(crate) services: usize,
}

/// Adds `count` local sites (`sites/site-01/` …) to the lotse site that
/// `write_lotse` wrote to `dest`: each with its `site.toml`, a referral
/// directory of 20 services, 10 local articles in a local topic and its own
/// version of 5 shared articles, in every language.
pub(crate) fn write_local_sites(dest: &Path, plan: &Plan, count: usize) -> io::Result<LocalStats> {
    if !dest.join(MARKER).exists() {
        return Err(io::Error::other(format!(
            "{} is no site generated by lotse-bench",
            dest.display()
        )));
    }
    let mut stats = LocalStats::default();
    let mut markdown = |path: PathBuf, text: String| -> io::Result<()> {
        stats.files += 1;
        stats.markdown_bytes += text.len() as u64;
        write(&path, &text)
    };
    for s in 1..=count {
        let site = plan.local_site(s);
        let dir = dest.join("sites").join(&site.id);
        write(&dir.join("site.toml"), &plan.local_site_toml(&site)?)?;
        write(&dir.join("services.yaml"), &plan.services_yaml(&site))?;
        let content = dir.join("content");
        for l in 0..plan.languages.len() {
            let topic = plan.local_topic(&site, l);
            markdown(
                content.join(&topic.lang).join(&topic.rel),
                lotse_file(&topic),
            )?;
            for k in 1..=LOCAL_ARTICLES {
                let page = plan.local_article(&site, l, k);
                markdown(content.join(&page.lang).join(&page.rel), lotse_file(&page))?;
            }
            for &n in &site.replaced {
                let r = plan.replacement(&site, l, n);
                let text = markdown_file(
                    &r.page,
                    &[
                        ("updated", &r.page.front.updated),
                        ("shared_updated", &r.shared_updated),
                    ],
                );
                markdown(content.join(&r.page.lang).join(&r.page.rel), text)?;
            }
        }
    }
    stats.sites = count;
    stats.services = count * LOCAL_SERVICES;
    Ok(stats)
}

/// Writes the same site in Hugo's format to `dest`, with a minimal theme that
/// does the same work as lotse's default theme.
pub(crate) fn write_hugo(repo: &Path, dest: &Path, plan: &Plan) -> io::Result<Stats> {
    clear(dest, MARKER)?;
    let mut config = String::new();
    let _ = writeln!(
        config,
        "baseURL = \"https://lotse.example.org/\"\ndefaultContentLanguage = \"{}\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\"]\nenableRobotsTXT = true\nbuildFuture = true\n\n[markup.goldmark.renderer]\nunsafe = false\n[markup.goldmark.parser.attribute]\ntitle = true\n[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n\n[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\", \"RSS\"]\n",
        plan.default_language
    );
    for (i, l) in plan.languages.iter().enumerate() {
        let _ = writeln!(
            config,
            "[languages.{code}]\nlanguageName = {name}\ntitle = {title}\nweight = {w}\ncontentDir = \"content/{code}\"\nlanguageCode = \"{code}\"{dir}\n",
            code = l.code,
            name = quoted(&l.name),
            title = quoted(&l.title),
            w = i + 1,
            dir = if l.rtl() {
                "\nlanguageDirection = \"rtl\""
            } else {
                ""
            }
        );
    }
    write(&dest.join("config.toml"), &config)?;
    for (path, text) in HUGO_LAYOUTS {
        write(&dest.join("layouts").join(path), text)?;
    }
    fs::create_dir_all(dest.join("static"))?;
    fs::copy(
        repo.join("themes/default/static/style.css"),
        dest.join("static/style.css"),
    )?;
    let mut stats = Stats {
        pages: plan.page_count(),
        ..Stats::default()
    };
    let mut counter = WordCounter::default();
    for page in plan.pages() {
        counter.add(&page.lang, &page.body);
        let text = hugo_file(&page);
        write(
            &dest.join("content").join(&page.lang).join(&page.rel),
            &text,
        )?;
        stats.files += 1;
        stats.markdown_bytes += text.len() as u64;
        stats.words += page.words as u64;
    }
    stats.distinct_words = counter.counts();
    Ok(stats)
}

/// The site folder's file of article `n` in language `code`.
pub(crate) fn article_file(site: &Path, code: &str, n: usize) -> PathBuf {
    site.join("content")
        .join(code)
        .join(format!("{}.md", article_key(n)))
}

/// The minimal Hugo theme: the same work as lotse's default theme (lang and
/// dir, canonical and hreflang, Open Graph and Twitter meta, table of contents,
/// dates in the reader's language, sources, language switcher, feed link,
/// topic lists; feeds and sitemap come from Hugo's built-in templates).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="{{ or .Language.LanguageDirection "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- end }}
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
{{- with index .AllTranslations 0 }}
<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{- end }}
<meta property="og:title" content="{{ .Title }}">
{{- with .Description }}
<meta property="og:description" content="{{ . }}">
{{- end }}
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:locale" content="{{ .Language.Lang }}">
{{- range .Translations }}
<meta property="og:locale:alternate" content="{{ .Language.Lang }}">
{{- end }}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }}">
{{- with .Description }}
<meta name="twitter:description" content="{{ . }}">
{{- end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">
{{- end }}
</head>
<body>
<header class="site">
<a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{- if .IsTranslated }}
<details class="langs">
<summary>{{ .Language.LanguageName }}</summary>
<ul>
{{- range .AllTranslations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}" dir="{{ or .Language.LanguageDirection "ltr" }}">{{ .Language.LanguageName }}</a></li>
{{- end }}
</ul>
</details>
{{- end }}
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site"><p><a href="{{ "/" | absURL }}">{{ site.Title }}</a></p></footer>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="dates"><span><time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod | time.Format ":date_long" }}</time></span>
{{- with .Params.reviewed }} <span><time datetime="{{ . }}">{{ time.Format ":date_long" . }}</time></span>{{ end }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="body">
{{ .Content }}
</div>
{{- with .Params.sources }}
<section class="sources"><h2>Sources</h2><ul>
{{- range . }}
<li><a href="{{ .url }}"><bdi>{{ .title }}</bdi></a></li>
{{- end }}
</ul></section>
{{- end }}
</article>
{{- if .IsTranslated }}
<nav class="translations"><ul>
{{- range .Translations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}" dir="{{ or .Language.LanguageDirection "ltr" }}">{{ .Language.LanguageName }}</a></li>
{{- end }}
</ul></nav>
{{- end }}
{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{- if .IsHome }}
{{- range .Sections }}
<section class="topic">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<ul>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul>
</section>
{{- end }}
{{- else }}
<ul class="cards">
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>
{{- end }}
</ul>
{{- end }}
{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>404</h1><p><a href="{{ "/" | absURL }}">{{ site.Title }}</a></p>{{ end }}
"#,
    ),
    (
        "_default/_markup/render-link.html",
        r#"{{- $u := urls.Parse .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
{{- $target := path.Join "/" .Page.File.Dir $u.Path -}}
{{- with site.GetPage $target -}}
<a href="{{ .RelPermalink }}{{ with $u.Fragment }}#{{ . }}{{ end }}">{{ $.Text | safeHTML }}</a>
{{- else -}}
{{- errorf "%s: link to a missing page %s" $.Page.File.Path $.Destination -}}
{{- end -}}
{{- else -}}
<a href="{{ .Destination | safeURL }}">{{ .Text | safeHTML }}</a>
{{- end -}}
"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan with the given languages (no site.toml needed).
    fn plan(codes: &[&str], articles: usize, corpus: Corpus, dictionaries: &Path) -> Plan {
        let languages = codes
            .iter()
            .map(|c| Language {
                code: c.to_string(),
                name: c.to_string(),
                title: c.to_string(),
                table: toml::Table::new(),
            })
            .collect();
        let spec = Spec {
            articles,
            seed: SEED,
            corpus,
        };
        Plan::with_languages(spec, languages, codes[0].to_string(), dictionaries)
    }

    /// The links of a body to other articles: (target key, fragment).
    fn links(body: &str) -> Vec<(String, Option<String>)> {
        body.split("](../")
            .skip(1)
            .map(|rest| {
                let dest = &rest[..rest.find(')').expect("closing parenthesis")];
                let (path, fragment) = match dest.split_once('#') {
                    Some((p, f)) => (p, Some(f.to_string())),
                    None => (dest, None),
                };
                (path.trim_end_matches(".md").to_string(), fragment)
            })
            .collect()
    }

    /// The headings of a body: (level, explicit id).
    fn headings(body: &str) -> Vec<(usize, Option<String>)> {
        body.lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| {
                let level = l.chars().take_while(|&c| c == '#').count();
                let id = l
                    .rsplit_once("{#")
                    .map(|(_, id)| id.trim_end_matches('}').to_string());
                (level, id)
            })
            .collect()
    }

    #[test]
    fn the_realistic_site_has_fifty_thousand_distinct_words_per_language() {
        let plan = plan(&["de"], 1000, Corpus::Realistic, Path::new(HUNSPELL_DIR));
        let mut counter = WordCounter::default();
        for page in plan.pages() {
            counter.add(&page.lang, &page.body);
        }
        let counts = counter.counts();
        println!("{counts:?}, vocabulary {:?}", plan.vocabulary_sources());
        assert_eq!(counts.len(), 1);
        assert!(counts[0].1 >= 50_000, "{counts:?}");
    }

    #[test]
    fn realistic_articles_link_only_to_explicit_ids_and_share_their_structure() {
        let plan = plan(
            &["de", "fa"],
            40,
            Corpus::Realistic,
            Path::new(HUNSPELL_DIR),
        );
        let de: Vec<GenPage> = (1..=40).map(|n| plan.article(0, n)).collect();
        let (mut total, mut explicit, mut level3, mut link_count) = (0, 0, 0, 0);
        for (i, page) in de.iter().enumerate() {
            let fa = plan.article(1, i + 1);
            assert_eq!(headings(&page.body), headings(&fa.body), "{}", page.rel);
            assert_eq!(links(&page.body), links(&fa.body), "{}", page.rel);
            for (level, id) in headings(&page.body) {
                total += 1;
                explicit += usize::from(id.is_some());
                level3 += usize::from(level == 3);
            }
            for (target, fragment) in links(&page.body) {
                link_count += 1;
                let target = de
                    .iter()
                    .find(|p| p.rel == format!("{target}.md"))
                    .expect("the link's target article exists");
                if let Some(id) = fragment {
                    assert!(
                        target.body.contains(&format!("{{#{id}}}")),
                        "{} links to #{id} of {}, which has no such id",
                        page.rel,
                        target.rel
                    );
                }
            }
        }
        let share = explicit as f64 / total as f64;
        assert!((0.15..0.45).contains(&share), "{explicit} of {total}");
        assert!(level3 > 0 && level3 < total / 2, "{level3} of {total}");
        assert!(link_count >= 80, "{link_count} links");
    }

    #[test]
    fn realistic_sentences_and_articles_have_realistic_lengths() {
        let plan = plan(&["en"], 200, Corpus::Realistic, Path::new(HUNSPELL_DIR));
        let mut w = plan.writer(0, "en", 7);
        let lengths: Vec<usize> = (0..5000)
            .map(|_| w.real_sentence().split_whitespace().count())
            .collect();
        let mean = lengths.iter().sum::<usize>() as f64 / lengths.len() as f64;
        assert!((14.0..=17.5).contains(&mean), "mean {mean}");
        assert_eq!(lengths.iter().min(), Some(&3));
        assert_eq!(lengths.iter().max(), Some(&35));
        let median = {
            let mut l = lengths.clone();
            l.sort_unstable();
            l[l.len() / 2] as f64
        };
        assert!(
            median < mean,
            "skewed towards short sentences: {median} {mean}"
        );
        let words: Vec<usize> = (1..=200).map(|n| plan.article(0, n).words).collect();
        let (min, max) = (words.iter().min(), words.iter().max());
        println!("article words {min:?}..={max:?}");
        // Aimed at 600 to 1,270; paragraphs and lists make the ends ragged.
        assert!(words.iter().all(|n| (500..=1400).contains(n)), "{words:?}");
        let mean = words.iter().sum::<usize>() / words.len();
        assert!((850..=1000).contains(&mean), "mean {mean}");
    }

    #[test]
    fn the_realistic_corpus_is_deterministic() {
        let a = plan(&["de", "ps"], 5, Corpus::Realistic, Path::new(HUNSPELL_DIR));
        let b = plan(&["de", "ps"], 5, Corpus::Realistic, Path::new(HUNSPELL_DIR));
        let text = |p: &Plan| p.pages().map(|g| lotse_file(&g)).collect::<Vec<_>>();
        assert_eq!(text(&a), text(&b));
    }

    #[test]
    fn zipf_sampling_follows_the_ranks() {
        let words: Vec<Box<str>> = (0..10_000).map(|i| format!("w{i}").into()).collect();
        let v = Vocabulary::ranked(words, "test".into());
        let mut rng = Rng::new(SEED, 1);
        let mut counts = vec![0usize; 10_000];
        let draws = 400_000;
        for _ in 0..draws {
            let w = v.sample(&mut rng);
            counts[w[1..].parse::<usize>().expect("a number")] += 1;
        }
        let total: f64 = (1..=10_000)
            .map(|r| 1.0 / (r as f64 + ZIPF_Q).powf(ZIPF_S))
            .sum();
        for r in [0usize, 9, 99] {
            let expected = draws as f64 / (r as f64 + 1.0 + ZIPF_Q).powf(ZIPF_S) / total;
            let got = counts[r] as f64;
            assert!(
                (got - expected).abs() < 0.1 * expected,
                "rank {r}: {got} draws, expected {expected}"
            );
        }
    }

    #[test]
    fn without_a_dictionary_a_language_gets_pseudo_words_and_says_so() {
        let missing = Path::new("/nonexistent/hunspell");
        for code in ["de", "ru", "ar", "ps"] {
            let v = Vocabulary::load(code, missing, SEED);
            assert!(v.source.starts_with("pseudo-words"), "{code}: {}", v.source);
            assert!(v.len() >= PSEUDO_WORDS, "{code}: {}", v.len());
        }
        let ps = Vocabulary::load("ps", Path::new(HUNSPELL_DIR), SEED);
        assert!(ps.source.starts_with("pseudo-words"), "{}", ps.source);
        let pashto = ps
            .words
            .iter()
            .filter(|w| w.chars().any(|c| "ټډړږښګڼېۍ".contains(c)))
            .count();
        assert!(pashto > ps.len() / 2, "{pashto} of {}", ps.len());
        let ru = Vocabulary::load("ru", missing, SEED);
        assert!(ru.words[1000..]
            .iter()
            .all(|w| w.chars().all(|c| ('а'..='я').contains(&c) || c == 'ё')));
    }

    #[test]
    fn dictionaries_are_decoded_by_their_set_line_and_junk_is_skipped() {
        let dir = tempfile::tempdir().expect("temporary folder");
        fs::write(dir.path().join("xx.aff"), "# test\nSET ISO8859-2\nTRY a\n").expect("aff");
        let (dic, _, _) = encoding_rs::ISO_8859_2.encode(
            "8\nźródło/AB\nźródło/C\n\tcomment line\n# comment\n123abc\nabc2/X\nNATO\nXXIXe/S\n-/X\nx\nłąka/N po:nom\nfoo\\/bar\nrendez-vous\n",
        );
        fs::write(dir.path().join("xx.dic"), dic).expect("dic");
        let stems = read_dictionary(dir.path(), "xx").expect("readable");
        assert_eq!(stems, ["źródło", "łąka", "rendez-vous"]);

        fs::write(dir.path().join("yy.aff"), "SET KLINGON-1\n").expect("aff");
        fs::write(dir.path().join("yy.dic"), "1\nqapla\n").expect("dic");
        let err = read_dictionary(dir.path(), "yy").expect_err("unknown encoding");
        assert!(err.to_string().contains("KLINGON-1"), "{err}");
    }

    /// The kinds of service the directory's format knows.
    const CONTRACT_KINDS: &[&str] = &[
        "counselling",
        "migration-counselling",
        "youth-migration",
        "health",
        "legal-aid",
        "authority",
        "work",
        "housing",
        "education",
        "family",
        "other",
    ];

    /// Whether `hours` is in the subset of OpenStreetMap's `opening_hours`
    /// that the directory's format allows.
    fn valid_opening_hours(hours: &str) -> bool {
        const DAYS: &[&str] = &["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        let day = |d: &str| DAYS.contains(&d);
        let days = |spec: &str| {
            spec.split(',').all(|part| match part.split_once('-') {
                Some((a, b)) => day(a) && day(b),
                None => day(part),
            })
        };
        let time = |t: &str| {
            let b = t.as_bytes();
            b.len() == 5
                && b[2] == b':'
                && t[..2].parse::<u8>().is_ok_and(|h| h <= 24)
                && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
        };
        let times = |spec: &str| {
            spec.split(',').all(|range| {
                range
                    .split_once('-')
                    .is_some_and(|(a, b)| time(a) && time(b) && a < b)
            })
        };
        if hours == "24/7" {
            return true;
        }
        hours.split("; ").all(|rule| match rule.split_once(' ') {
            Some(("PH", "off")) => true,
            Some((d, "off")) => days(d),
            Some((d, t)) => days(d) && times(t),
            None => false,
        })
    }

    /// A plan whose languages have the names and titles lotse needs.
    fn site_plan(codes: &[&str], articles: usize) -> Plan {
        let mut plan = plan(codes, articles, Corpus::Realistic, Path::new(HUNSPELL_DIR));
        for l in &mut plan.languages {
            l.table
                .insert("name".into(), toml::Value::String(l.code.clone()));
            l.table.insert(
                "title".into(),
                toml::Value::String(format!("Lotse – {}", l.code)),
            );
        }
        plan
    }

    #[test]
    fn local_sites_keep_article_one_and_differ_from_each_other() {
        let plan = site_plan(&["de"], 40);
        let sites: Vec<LocalPlan> = (1..=10).map(|s| plan.local_site(s)).collect();
        for site in &sites {
            assert_eq!(site.replaced.len(), LOCAL_REPLACEMENTS, "{site:?}");
            let hidden = site.hidden.expect("one hidden article");
            let mut all = site.replaced.clone();
            all.push(hidden);
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), LOCAL_REPLACEMENTS + 1, "{site:?}");
            assert!(all.iter().all(|&n| (2..=40).contains(&n)), "{site:?}");
        }
        let names: HashSet<&str> = sites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), sites.len(), "{names:?}");
        assert_ne!(sites[0].replaced, sites[1].replaced);
        assert_eq!(sites[0].id, "site-01");
        // A site too small for a hidden article and five replacements.
        let tiny = site_plan(&["de"], 3).local_site(1);
        assert_eq!((tiny.hidden, tiny.replaced.len()), (None, 2));
    }

    #[test]
    fn the_referral_directory_follows_the_format() {
        let plan = site_plan(&["de", "ar", "uk"], 40);
        let site = plan.local_site(2);
        let text = plan.services_yaml(&site);
        assert_eq!(text, plan.services_yaml(&site), "deterministic");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
        let services = doc["services"].as_sequence().expect("a list of services");
        assert_eq!(services.len(), LOCAL_SERVICES);
        let allowed = [
            "id",
            "name",
            "kind",
            "topics",
            "articles",
            "address",
            "coordinates",
            "phone",
            "email",
            "web",
            "opening_hours",
            "languages",
            "wheelchair",
            "description",
        ];
        let mut ids = HashSet::new();
        let mut phones = HashSet::new();
        let mut kinds = HashSet::new();
        for s in services {
            let map = s.as_mapping().expect("a service is a mapping");
            for key in map.keys() {
                let key = key.as_str().expect("string keys");
                assert!(allowed.contains(&key), "unknown key {key}");
            }
            let str_of = |k: &str| s[k].as_str().map(str::to_string);
            let id = str_of("id").expect("id");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            assert!(ids.insert(id.clone()), "duplicate id {id}");
            assert!(
                str_of("name").is_some_and(|n| n.contains(&site.name)),
                "{id}"
            );
            let kind = str_of("kind").expect("kind");
            assert!(CONTRACT_KINDS.contains(&kind.as_str()), "{kind}");
            kinds.insert(kind);
            for t in s["topics"].as_sequence().expect("topics") {
                let n: usize = t
                    .as_str()
                    .and_then(|t| t.strip_prefix("topic-"))
                    .and_then(|n| n.parse().ok())
                    .expect("a generated topic");
                assert!((1..=TOPICS).contains(&n), "{id}: topic-{n}");
            }
            for a in s["articles"].as_sequence().into_iter().flatten() {
                let key = a.as_str().expect("an article key");
                let n: usize = key
                    .rsplit('-')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("n");
                assert_eq!(key, article_key(n));
                assert_ne!(Some(n), site.hidden, "{id} serves a hidden article");
            }
            if let Some(phone) = str_of("phone") {
                let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                let national = match phone.starts_with('+') {
                    true => digits.strip_prefix("49").map(|d| format!("0{d}")),
                    false => Some(digits),
                }
                .expect("+49 or a national number");
                assert!(
                    national.len() == 11 && national.starts_with("03023125"),
                    "{phone} is not one of 030 23125 000 to 999"
                );
                phones.insert(
                    phone
                        .chars()
                        .filter(|c| !c.is_ascii_digit())
                        .collect::<String>(),
                );
            }
            let email = str_of("email").expect("email");
            assert!(
                email.ends_with(".example") && email.contains('@'),
                "{email}"
            );
            if let Some(web) = str_of("web") {
                assert!(
                    web.starts_with("https://") && web.ends_with(".example/"),
                    "{web}"
                );
            }
            let hours = str_of("opening_hours").expect("opening hours");
            assert!(valid_opening_hours(&hours), "{id}: {hours}");
            let spoken = s["languages"].as_sequence().expect("languages");
            assert_eq!(spoken[0].as_str(), Some("de"));
            if let Some(c) = s["coordinates"].as_sequence() {
                let lat = c[0].as_f64().expect("latitude");
                let lon = c[1].as_f64().expect("longitude");
                assert!((47.0..55.0).contains(&lat) && (5.0..15.0).contains(&lon));
            }
            if let Some(w) = str_of("wheelchair") {
                assert!(["yes", "limited", "no"].contains(&w.as_str()), "{w}");
            }
            for code in ["de", "ar", "uk"] {
                let d = s["description"][code].as_str().expect("a description");
                assert!(
                    !d.is_empty() && d.chars().count() <= 160,
                    "{id} {code}: {d}"
                );
            }
        }
        assert_eq!(kinds.len(), CONTRACT_KINDS.len(), "every kind");
        assert!(
            phones.len() >= 3,
            "phone numbers in several forms: {phones:?}"
        );
    }

    #[test]
    fn opening_hours_outside_the_subset_are_told_apart() {
        for good in [
            "Mo-Fr 09:00-12:00",
            "Mo-Th 09:00-12:00; Fr 14:00-17:00",
            "Mo-We,Fr 08:00-12:00,13:00-16:00; Sa off; PH off",
            "24/7",
        ] {
            assert!(valid_opening_hours(good), "{good}");
        }
        for bad in [
            "Mo-Fr 9-12",
            "Jan-Mar Mo 09:00-12:00",
            "Mo 12:00-09:00",
            "24/7; PH off",
        ] {
            assert!(!valid_opening_hours(bad), "{bad}");
        }
        let mut rng = Rng::new(SEED, 1);
        for _ in 0..500 {
            let h = Plan::opening_hours(&mut rng);
            assert!(valid_opening_hours(&h), "{h}");
        }
    }

    #[test]
    fn local_versions_keep_the_shared_headings_and_say_what_they_were_made_from() {
        let plan = site_plan(&["de", "fa"], 40);
        let site = plan.local_site(1);
        for l in 0..2 {
            for &n in &site.replaced {
                let shared = plan.article(l, n);
                let r = plan.replacement(&site, l, n);
                assert_eq!(r.page.rel, shared.rel);
                assert_eq!(
                    headings(&r.page.body),
                    headings(&shared.body),
                    "{}",
                    shared.rel
                );
                assert_ne!(r.page.body, shared.body);
                assert_eq!(r.shared_updated, shared.front.updated);
                assert!(r.page.front.updated > r.shared_updated);
                for (target, _) in links(&r.page.body) {
                    assert_ne!(Some(target), site.hidden.map(article_key));
                }
            }
            for k in 1..=LOCAL_ARTICLES {
                let page = plan.local_article(&site, l, k);
                assert_eq!(page.rel, format!("{LOCAL_TOPIC}/article-{k}.md"));
                assert!(page.words >= 500, "{}", page.words);
                for (target, _) in links(&page.body) {
                    assert_ne!(Some(target), site.hidden.map(article_key));
                }
            }
        }
        // The same structure in every language, as translations have.
        let de = plan.local_article(&site, 0, 3);
        let fa = plan.local_article(&site, 1, 3);
        assert_eq!(headings(&de.body), headings(&fa.body));
        assert_eq!(links(&de.body), links(&fa.body));
    }

    /// Builds a generated site with local sites with lotse: every site
    /// builds, and each local version has the shared article's section ids.
    #[test]
    fn generated_local_sites_build_and_keep_the_shared_section_ids() {
        let plan = site_plan(&["de", "ar"], 12);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        write_lotse(repo, &root, &plan).expect("shared site");
        let stats = write_local_sites(&root, &plan, 2).expect("local sites");
        assert_eq!(stats.sites, 2);
        assert_eq!(stats.services, 2 * LOCAL_SERVICES);
        assert_eq!(
            stats.files,
            2 * 2 * (1 + LOCAL_ARTICLES + LOCAL_REPLACEMENTS)
        );
        let toml_text =
            fs::read_to_string(root.join("sites/site-02/site.toml")).expect("site.toml");
        let local: toml::Table = toml_text.parse().expect("TOML");
        assert_eq!(
            local["base_url"].as_str(),
            Some("https://site-02.bench.example/")
        );
        assert_eq!(local["example"].as_bool(), Some(true));

        let out = dir.path().join("out");
        let options = lotse::pipeline::BuildOptions::new(&root);
        let report = lotse::pipeline::build_all(&options, &out).expect("build --all");
        assert_eq!(report.sites.len(), 3);
        for s in &report.sites {
            assert!(s.result.is_ok(), "{}: {:?}", s.id, s.result.as_ref().err());
        }
        assert!(report.markdown_reused > 0);
        let ids = |path: &Path| -> Vec<String> {
            let html =
                fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            html.match_indices("<h")
                .filter_map(|(at, _)| {
                    let tag = &html[at..at + html[at..].find('>')?];
                    if !(tag.starts_with("<h2") || tag.starts_with("<h3")) {
                        return None;
                    }
                    let id = tag.split("id=").nth(1)?.trim_matches('"');
                    Some(id.split(['"', ' ']).next()?.to_string())
                })
                .filter(|id| !id.ends_with("-title"))
                .collect()
        };
        for s in 1..=2 {
            let site = plan.local_site(s);
            for code in ["de", "ar"] {
                for &n in &site.replaced {
                    let page = format!("{code}/{}/index.html", article_key(n));
                    let shared = ids(&out.join("shared").join(&page));
                    assert!(!shared.is_empty(), "{page}");
                    assert_eq!(
                        ids(&out.join(&site.id).join(&page)),
                        shared,
                        "{} {page}",
                        site.id
                    );
                }
            }
            for k in [1, LOCAL_ARTICLES] {
                let page = out
                    .join(&site.id)
                    .join(format!("de/{LOCAL_TOPIC}/article-{k}/index.html"));
                assert!(page.is_file(), "{}", page.display());
            }
            let hidden = site.hidden.map(article_key).expect("a hidden article");
            assert!(!out.join(&site.id).join("de").join(&hidden).exists());
            assert!(out
                .join("shared/de")
                .join(&hidden)
                .join("index.html")
                .is_file());
        }
    }

    #[test]
    fn the_small_corpus_keeps_ids_on_every_heading() {
        let plan = plan(&["de"], 5, Corpus::Small, Path::new("/nonexistent"));
        assert_eq!(plan.vocabulary_sources()[0].1, "built-in list");
        for n in 1..=5 {
            let page = plan.article(0, n);
            let h = headings(&page.body);
            assert!(!h.is_empty());
            assert!(h.iter().all(|(level, id)| *level == 2 && id.is_some()));
        }
    }
}
