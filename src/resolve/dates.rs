//! The date vote: an event's date is the reading most others agree with, refined by every
//! compatible reading.

use crate::date::PartialDate;
use std::collections::BTreeSet;

/// The date most readings agree with, refined by every reading compatible with it, and the
/// phrases of those readings. "on Monday" said of a hospital stay loses to "on Sunday" and
/// two "New Year's Day" said of the accident.
pub(super) fn vote_date(
    readings: &[(PartialDate, String)],
) -> Option<(PartialDate, BTreeSet<String>)> {
    let support = |d: &PartialDate| {
        readings
            .iter()
            .filter(|(o, _)| d.merge(o).is_some())
            .count()
    };
    let (winner, _) = readings.iter().max_by_key(|(d, p)| {
        (
            support(d),
            d.precision(),
            std::cmp::Reverse((*d, p.clone())),
        )
    })?;
    let mut date = *winner;
    let mut phrases = BTreeSet::new();
    let mut sorted: Vec<&(PartialDate, String)> = readings.iter().collect();
    sorted.sort();
    for (d, p) in sorted {
        if let Some(m) = date.merge(d) {
            date = m;
            if !p.is_empty() {
                phrases.insert(p.clone());
            }
        }
    }
    Some((date, phrases))
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_vote_prefers_the_reading_most_others_agree_with() {
        use crate::date::PartialDate;
        let r = |y: Option<i32>, m: u32, d: Option<u32>, p: &str| {
            (
                PartialDate {
                    year: y,
                    month: Some(m),
                    day: d,
                },
                p.to_string(),
            )
        };
        let readings = vec![
            r(Some(2023), 1, Some(2), "Monday"),
            r(Some(2023), 1, Some(1), "Sunday"),
            r(None, 1, Some(1), "New Year's Day"),
            r(Some(2023), 1, None, "January"),
        ];
        let (date, phrases) = super::vote_date(&readings).unwrap();
        assert_eq!(date.iso().unwrap(), "2023-01-01");
        assert!(
            !phrases.contains("Monday") && phrases.contains("January"),
            "{phrases:?}"
        );
    }
}
