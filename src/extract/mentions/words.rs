//! Word shapes the mention steps test: hyphenated adjectives, ages, adjective endings, female role
//! nouns.

pub(super) fn is_hyphenated_adjective(text: &str) -> bool {
    // "Oscar-nominated", "near-death": the last part is lower case.
    text.contains('-')
        && text.rsplit('-').next().is_some_and(|last| {
            last.chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        })
}

pub(super) fn is_age(norm: &str) -> bool {
    let mut parts = norm.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(years), Some("year"), Some("old"), None) => years.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

pub(super) fn looks_adjective(norm: &str) -> bool {
    norm.contains('-')
        || [
            "ful", "ic", "ous", "ing", "ed", "al", "ible", "able", "ive", "less", "ish",
        ]
        .iter()
        .any(|s| norm.len() > s.len() + 2 && norm.ends_with(s))
}

pub(super) fn norm_is_female_role(norm: &str) -> bool {
    matches!(norm, "actress" | "alumna" | "heiress" | "songstress")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_adjectives_end_in_a_lower_case_part() {
        assert!(is_hyphenated_adjective("Oscar-nominated"));
        assert!(is_hyphenated_adjective("near-death"));
        assert!(is_hyphenated_adjective("COVID-19"));
        assert!(!is_hyphenated_adjective("Jean-Luc"));
        assert!(!is_hyphenated_adjective("Renner"));
    }

    #[test]
    fn ages_are_digits_year_old() {
        assert!(is_age("52-year-old"));
        assert!(!is_age("fifty-year-old"));
        assert!(!is_age("52-year-old-man"));
        assert!(!is_age("52"));
    }

    #[test]
    fn adjectives_are_known_by_hyphen_or_ending() {
        assert!(looks_adjective("tragic"));
        assert!(looks_adjective("horrific"));
        assert!(looks_adjective("well-known"));
        assert!(!looks_adjective("snowplow"));
        assert!(!looks_adjective("red"), "too short for the ending to count");
    }

    #[test]
    fn female_role_nouns() {
        assert!(norm_is_female_role("actress"));
        assert!(!norm_is_female_role("actor"));
    }
}
