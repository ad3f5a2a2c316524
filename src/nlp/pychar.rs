//! Python's `str` predicates (`isspace`, `isalpha`, `isdigit`, `isupper`) and `lower()` on
//! single characters and strings, which spaCy's lexical attributes and tokenizer rest on.
//!
//! Rust's `char::is_whitespace`, `is_alphabetic` and `is_numeric` use different Unicode
//! properties; these follow CPython's definitions (Unicode general categories from the
//! `unicode-general-category` crate).

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// `str.isspace()` of one character: Unicode White_Space plus the ASCII separators U+001C..U+001F
/// (CPython treats the information separators as whitespace).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, '\u{1c}'..='\u{1f}') || c.is_whitespace()
}

/// `str.isalpha()` of one character: general category L* (Lu, Ll, Lt, Lm, Lo).
pub(crate) fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    )
}

/// Code points whose Numeric_Type is Digit (not Decimal): superscripts, circled and
/// parenthesised digits and a few script digits. Generated from CPython's `unicodedata`
/// (`c.isdigit() and not c.isdecimal()`, Unicode 14.0).
const DIGIT_NOT_DECIMAL: [(u32, u32); 20] = [
    (0xB2, 0xB3),
    (0xB9, 0xB9),
    (0x1369, 0x1371),
    (0x19DA, 0x19DA),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
    (0x10A40, 0x10A43),
    (0x10E60, 0x10E68),
    (0x11052, 0x1105A),
    (0x1F100, 0x1F10A),
];

/// `str.isdigit()` of one character: Numeric_Type Decimal (category Nd) or Digit.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let u = c as u32;
    get_general_category(c) == Gc::DecimalNumber
        || DIGIT_NOT_DECIMAL
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// `str.isupper()` of one character: the Uppercase property (Lu plus Other_Uppercase), which is
/// what CPython's database flags and Rust's `char::is_uppercase` both use.
pub(crate) fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

/// `str.isspace()` of a string: non-empty and every character a space.
pub(crate) fn str_is_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_space)
}

/// `str.isalpha()` of a string: non-empty and every character alphabetic.
pub(crate) fn str_is_alpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_alpha)
}

/// `str.lower()`: full Unicode lowercase mapping with the final-sigma rule, as CPython does.
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_includes_information_separators_and_nbsp() {
        for c in [
            '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1c}', '\u{1f}', ' ', '\u{85}', '\u{a0}',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['\u{2028}', '\u{3000}', '\u{202f}', '\u{1680}'] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['a', '\u{200b}', '\u{feff}', '\u{180e}', '_', '\0'] {
            assert!(!is_space(c), "{c:?}");
        }
    }

    #[test]
    fn alpha_is_letter_categories_only() {
        assert!(is_alpha('é') && is_alpha('ǅ') && is_alpha('ª') && is_alpha('中'));
        assert!(is_alpha('ʰ'), "Lm is alpha");
        assert!(
            !is_alpha('\u{93e}'),
            "a combining vowel sign (Mc) is not alpha"
        );
        assert!(!is_alpha('Ⅻ'), "a letter number (Nl) is not alpha");
        assert!(!is_alpha('1') && !is_alpha('_') && !is_alpha('\u{301}'));
    }

    #[test]
    fn digit_is_decimal_or_digit_numeric_type() {
        for c in ['7', '٣', '²', '①', '⁹', '₀', '\u{1f100}'] {
            assert!(is_digit(c), "{c:?}");
        }
        for c in ['½', 'Ⅻ', 'a', '⑩', '〇'] {
            assert!(!is_digit(c), "{c:?}");
        }
    }

    #[test]
    fn upper_follows_the_uppercase_property() {
        assert!(is_upper('A') && is_upper('É') && is_upper('Ⓐ'));
        assert!(!is_upper('ǅ'), "titlecase is not upper");
        assert!(!is_upper('ª') && !is_upper('a') && !is_upper('1'));
    }

    #[test]
    fn lower_is_full_mapping_with_final_sigma() {
        assert_eq!(lower("İ").chars().count(), 2);
        assert_eq!(lower("ΟΔΟΣ"), "\u{3bf}\u{3b4}\u{3bf}\u{3c2}");
        assert_eq!(lower("ΣΑ"), "\u{3c3}\u{3b1}");
        assert_eq!(lower("Apple"), "apple");
    }

    #[test]
    fn string_predicates_need_a_character() {
        assert!(!str_is_space("") && !str_is_alpha(""));
        assert!(str_is_space(" \u{a0}\n") && !str_is_space(" a"));
        assert!(str_is_alpha("Zoë") && !str_is_alpha("Zo-ë"));
    }
}
