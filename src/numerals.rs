//! Numbers as the documents and the labels write them: Chinese numerals both ways (第十一次 ↔ 11),
//! ordinals (11th, eleventh, onzième) and month names in the languages the documents use, in one
//! place for the front page, the normaliser, extraction, labels, pictures and the synthetic
//! corpus.

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// English month names, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// French month names, January first, in lower case as dates print them (`21 avril 2009`).
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Spanish month names, January first, in lower case (`21 de abril de 2009`).
pub const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Russian month names, January first, in the genitive that follows a day (`21 апреля`).
pub const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// German month names, January first, in lower case: text other tools leave writes a date as
/// `11. November`, which must not be read as a paragraph number.
pub const MONTHS_DE: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Arabic month names, January first, as UN documents print them: the Levantine name and the
/// one from the Latin joined by a slash (`نيسان/أبريل`).
pub const MONTHS_AR: [&str; 12] = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
];

/// Arabic month names, January first, the Latin name alone (`أبريل`).
pub const MONTHS_AR_LATIN: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيه",
    "يوليه",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Other spellings of a month in dates, with the month's number: Spanish `setiembre`, and the
/// Arabic June and July written with a final و as well as with a final ه.
pub const MONTH_VARIANTS: [(&str, u8); 5] = [
    ("setiembre", 9),
    ("حزيران/يونيو", 6),
    ("تموز/يوليو", 7),
    ("يونيو", 6),
    ("يوليو", 7),
];

/// English ordinal words, `first` … `thirtieth`, the ordinals the bodies have reached.
pub const ORDINALS_EN: [&str; 30] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
];

/// French ordinals 1–15 as patterns of their forms (`première`, `second`), one regex
/// alternation each: put each in a group of its own.
pub const ORDINALS_FR: [&str; 15] = [
    "premi(?:er|ère)",
    "deuxième|seconde?",
    "troisième",
    "quatrième",
    "cinquième",
    "sixième",
    "septième",
    "huitième",
    "neuvième",
    "dixième",
    "onzième",
    "douzième",
    "treizième",
    "quatorzième",
    "quinzième",
];

/// Reads Chinese numerals up to 99: 七 → 7, 十一 → 11, 二十三 → 23.
pub fn parse_chinese(text: &str) -> Option<u32> {
    let digit = |c: char| {
        DIGITS
            .iter()
            .position(|d| *d == c || (c == '零' && *d == '〇'))
            .and_then(|i| u32::try_from(i).ok())
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Writes Chinese numerals as in 第十一次: 一 … 十, 十一, 二十, 二十一 … 九十九; digits beyond.
pub fn chinese(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut out = String::new();
            if tens > 1 {
                out.push(DIGITS[tens as usize]);
            }
            out.push('十');
            if ones > 0 {
                out.push(DIGITS[ones as usize]);
            }
            out
        }
        _ => n.to_string(),
    }
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st.
pub fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The English name of a month, 1–12 (clamped).
pub fn month_en(month: u32) -> &'static str {
    MONTHS_EN[usize::try_from(month.clamp(1, 12)).unwrap_or(1) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_both_ways() {
        for n in [1, 7, 10, 11, 20, 21, 99] {
            assert_eq!(parse_chinese(&chinese(n)), Some(n), "{n}");
        }
        let written: Vec<String> = [1, 7, 10, 11, 20, 21].into_iter().map(chinese).collect();
        assert_eq!(written, ["一", "七", "十", "十一", "二十", "二十一"]);
        assert_eq!(parse_chinese("二十三"), Some(23));
        assert_eq!(parse_chinese("百"), None);
    }

    /// A date's month is found by its name, in any language: no name may stand for two months.
    #[test]
    fn month_names_are_each_one_month() {
        let mut months = std::collections::HashMap::new();
        let tables = [
            &MONTHS_EN,
            &MONTHS_DE,
            &MONTHS_FR,
            &MONTHS_ES,
            &MONTHS_RU,
            &MONTHS_AR,
            &MONTHS_AR_LATIN,
        ];
        let named = tables.into_iter().flat_map(|names| names.iter().zip(1u8..));
        for (name, month) in named.chain(MONTH_VARIANTS.iter().map(|(n, m)| (n, *m))) {
            let before = months.insert(name.to_lowercase(), month);
            assert!(
                before.is_none_or(|b| b == month),
                "{name}: {before:?} and {month}"
            );
        }
    }

    #[test]
    fn english_ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21]
            .into_iter()
            .map(ordinal_en)
            .collect();
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st"]
        );
    }
}
