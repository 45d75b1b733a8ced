//! The six official languages of the United Nations, and their names as the front pages print
//! them.

use std::fmt;

/// The six official languages of the United Nations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// English.
    En,
    /// French.
    Fr,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
}

/// Each language's name in the six languages, in the order of [`Language::ALL`] both ways.
const NAMES: [[&str; 6]; 6] = [
    [
        "العربية",
        "阿拉伯文",
        "Arabic",
        "arabe",
        "арабский",
        "árabe",
    ],
    [
        "الصينية",
        "中文",
        "Chinese",
        "chinois",
        "китайский",
        "chino",
    ],
    [
        "الإنكليزية",
        "英文",
        "English",
        "anglais",
        "английский",
        "inglés",
    ],
    [
        "الفرنسية",
        "法文",
        "French",
        "français",
        "французский",
        "francés",
    ],
    ["الروسية", "俄文", "Russian", "russe", "русский", "ruso"],
    [
        "الإسبانية",
        "西班牙文",
        "Spanish",
        "espagnol",
        "испанский",
        "español",
    ],
];

/// Arabic names without `ال`/`بال` and the adjective ending, and other spellings met in print.
const OTHER_NAMES: [(&str, Language); 16] = [
    ("عرب", Language::Ar),
    ("صين", Language::Zh),
    ("إنكليز", Language::En),
    ("انكليز", Language::En),
    ("إنجليز", Language::En),
    ("انجليز", Language::En),
    ("فرنس", Language::Fr),
    ("روس", Language::Ru),
    ("إسبان", Language::Es),
    ("اسبان", Language::Es),
    ("汉语", Language::Zh),
    ("英语", Language::En),
    ("法语", Language::Fr),
    ("俄语", Language::Ru),
    ("西班牙语", Language::Es),
    ("阿拉伯语", Language::Ar),
];

impl Language {
    /// The six, in the UN's order (Arabic, Chinese, English, French, Russian, Spanish).
    pub const ALL: [Language; 6] = [
        Language::Ar,
        Language::Zh,
        Language::En,
        Language::Fr,
        Language::Ru,
        Language::Es,
    ];

    /// The ISO 639-1 code: `ar`, `zh`, `en`, `fr`, `ru`, `es`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::Zh => "zh",
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ru => "ru",
            Self::Es => "es",
        }
    }

    /// The language of an ISO 639-1 code, in any case.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The letter the UN gives it in job numbers and file names: A C E F R S.
    pub fn letter(self) -> char {
        match self {
            Self::Ar => 'A',
            Self::Zh => 'C',
            Self::En => 'E',
            Self::Fr => 'F',
            Self::Ru => 'R',
            Self::Es => 'S',
        }
    }

    /// The language of a job-number or file-name letter.
    pub fn from_letter(letter: char) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.letter() == letter)
    }

    /// Its name written in `other` (`Language::Zh.name_in(Language::Fr)` is `chinois`).
    pub fn name_in(self, other: Language) -> &'static str {
        NAMES[self as usize][other as usize]
    }

    /// The language a name stands for, in any of the six languages and any case:
    /// `Chinese`, `Chinois`, `Chino`, `Китайский`, `صيني`, `بالإنكليزية`, `中文`.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name
            .trim()
            .trim_end_matches(['.', ',', ';', '*', '،'])
            .trim()
            .to_lowercase();
        if name.is_empty() {
            return None;
        }
        if let Some(l) = Self::ALL
            .into_iter()
            .find(|l| NAMES[*l as usize].iter().any(|n| n.to_lowercase() == name))
        {
            return Some(l);
        }
        let arabic = name
            .strip_prefix("بال")
            .or_else(|| name.strip_prefix("ال"))
            .unwrap_or(&name);
        let arabic = arabic
            .strip_suffix("ية")
            .or_else(|| arabic.strip_suffix('ي'))
            .unwrap_or(arabic);
        OTHER_NAMES
            .iter()
            .find(|(n, _)| *n == arabic || *n == name)
            .map(|(_, l)| *l)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
