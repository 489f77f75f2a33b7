//! Moments as people read them, in their language: "6 December 2026, 21:28",
//! "6. Dezember 2026, 21:28", "6 de diciembre de 2026, 21:28", from the locale's `moment`
//! and `month-N` texts. Always UTC: the texts around a moment say so.

use crate::clock::{civil, Millis};
use crate::i18n::I18n;
use fluent_bundle::FluentValue;

impl I18n {
    /// `at` in `lang`'s words, to the minute.
    pub fn moment(&self, lang: &str, at: Millis) -> String {
        let (year, month, day, hour, minute) = civil(at);
        let month = self.text(lang, &format!("month-{month}"), &[]);
        let args = [
            ("day", FluentValue::from(day.to_string())),
            ("month", FluentValue::from(month)),
            ("year", FluentValue::from(year.to_string())),
            ("time", FluentValue::from(format!("{hour:02}:{minute:02}"))),
        ];
        self.text(lang, "moment", &args)
    }
}

#[cfg(test)]
mod tests {
    use crate::clock::parse_rfc3339;
    use crate::i18n::I18n;

    #[test]
    fn a_moment_reads_as_a_date_and_a_time_in_each_language() {
        let i18n = I18n::new("en").expect("locales");
        let at = parse_rfc3339("2026-12-06T21:08:57Z").expect("time");
        assert_eq!(i18n.moment("en", at), "6 December 2026, 21:08");
        assert_eq!(i18n.moment("de", at), "6. Dezember 2026, 21:08");
        assert_eq!(i18n.moment("es", at), "6 de diciembre de 2026, 21:08");
        let new_year = parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
        assert_eq!(i18n.moment("en", new_year), "1 January 2027, 00:00");
    }
}
