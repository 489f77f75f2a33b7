//! `[delivery.sms] allowed_country_codes`: which countries SMS may go to. The check looks
//! at the number alone (never at whether an account uses it), so where a number is typed
//! it is refused the same way for everyone, before any look-up.

use crate::config::SmsDelivery;
use crate::domain::PhoneNumber;
use anyhow::bail;

/// A listed code without its optional `+`.
fn digits(code: &str) -> &str {
    code.strip_prefix('+').unwrap_or(code)
}

impl SmsDelivery {
    /// Whether SMS may go to this number: its country calling code is listed, or the list
    /// is empty. Depends on the number only.
    pub fn serves(&self, phone: &PhoneNumber) -> bool {
        self.allowed_country_codes.is_empty()
            || phone.country_code().is_some_and(|code| {
                self.allowed_country_codes
                    .iter()
                    .any(|allowed| digits(allowed) == code)
            })
    }

    pub(crate) fn validate(&self) -> anyhow::Result<()> {
        for code in &self.allowed_country_codes {
            if !crate::domain::is_country_calling_code(digits(code)) {
                bail!(
                    "delivery.sms.allowed_country_codes: {code:?} is not a country calling code (like \"44\" or \"+49\")"
                );
            }
        }
        if self.max_per_hour == 0 {
            bail!("delivery.sms.max_per_hour must be above 0");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::domain::PhoneNumber;

    #[test]
    fn sms_country_codes_are_checked_and_matched_with_or_without_plus() {
        let any = Config::parse("").expect("defaults");
        let phone = |s: &str| PhoneNumber::parse(s).expect("phone");
        assert!(any.delivery.sms.serves(&phone("+44 20 7946 0958")));
        let some =
            Config::parse("[delivery.sms]\nallowed_country_codes = [\"+44\", \"49\", \"1\"]\n")
                .expect("valid");
        for (number, served) in [
            ("+44 20 7946 0958", true),
            ("+49 30 12345678", true),
            ("+1 202 555 0143", true),
            ("+33 1 23 45 67 89", false),
            ("+353 1 234 5678", false),
        ] {
            assert_eq!(some.delivery.sms.serves(&phone(number)), served, "{number}");
        }
        for bad in [
            "\"abc\"", "\"+\"", "\"0\"", "\"01\"", "\"441\"", "\"4444\"", "\"999\"", "\"\"",
        ] {
            let toml = format!("[delivery.sms]\nallowed_country_codes = [{bad}]\n");
            let err = Config::parse(&toml).unwrap_err();
            assert!(
                format!("{err:#}").contains("delivery.sms.allowed_country_codes"),
                "{bad}: {err:#}"
            );
        }
        let err = Config::parse("[delivery.sms]\nmax_per_hour = 0\n").unwrap_err();
        assert!(format!("{err:#}").contains("delivery.sms.max_per_hour"));
        let err = Config::parse("[codes]\nnew_contacts_per_hour = 0\n").unwrap_err();
        assert!(format!("{err:#}").contains("codes.new_contacts_per_hour"));
    }
}
