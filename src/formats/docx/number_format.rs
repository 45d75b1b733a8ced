//! How Word writes a list level's number: decimal, letters, roman, Chinese numerals.

use crate::numerals;

/// How a level's number is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NumberFormat {
    Decimal,
    /// `01`, `02`
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// 一, 二 … 九十九
    ChineseCounting,
    /// No number: the paragraph is not numbered in the text.
    Bullet,
    /// The level prints its text without a number.
    None,
    /// A format this reader does not write; written as decimal, with a warning.
    Other(String),
}

impl NumberFormat {
    pub(super) fn new(name: &str) -> Self {
        match name {
            "decimal" => Self::Decimal,
            "decimalZero" => Self::DecimalZero,
            "lowerLetter" => Self::LowerLetter,
            "upperLetter" => Self::UpperLetter,
            "lowerRoman" => Self::LowerRoman,
            "upperRoman" => Self::UpperRoman,
            "chineseCounting" | "chineseCountingThousand" | "ideographTraditional" => {
                Self::ChineseCounting
            }
            "bullet" => Self::Bullet,
            "none" => Self::None,
            other => Self::Other(other.to_owned()),
        }
    }

    /// `n` as this format writes it.
    pub(super) fn write(&self, n: u32) -> String {
        match self {
            Self::Decimal | Self::Other(_) => n.to_string(),
            Self::DecimalZero => format!("{n:02}"),
            Self::LowerLetter => letters(n),
            Self::UpperLetter => letters(n).to_uppercase(),
            Self::LowerRoman => roman(n),
            Self::UpperRoman => roman(n).to_uppercase(),
            // section numbers: up to 九十九, larger numbers in digits
            Self::ChineseCounting => numerals::chinese(n),
            Self::Bullet | Self::None => String::new(),
        }
    }
}

/// Word's letters: a … z, then aa … zz, aaa … (the letter repeated, not base 26).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}
