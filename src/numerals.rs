//! Numbers as the documents and the labels write them: Chinese numerals both ways (第十一次 ↔ 11),
//! English ordinals (11th) and English month names, in one place for extraction, labels, pictures
//! and the synthetic corpus.

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
