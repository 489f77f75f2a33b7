//! The refusal of a phone number whose country SMS may not go to (`[delivery.sms]
//! allowed_country_codes`), where a number is typed: /reset, /settings sign-in (the
//! step-up code would go by SMS) and a new phone number in /settings.

use crate::domain::Identifier;
use crate::i18n::Tr;
use crate::recovery::Services;
use fluent_bundle::FluentValue;

/// The answer to a number SMS may not go to, or None. It looks at the number alone,
/// before any look-up, so it is the same whether or not an account uses the number.
pub fn unserved(identifier: &Identifier, tr: &Tr, svc: &Services) -> Option<String> {
    let Identifier::Phone(phone) = identifier else {
        return None;
    };
    if svc.config.delivery.sms.serves(phone) {
        return None;
    }
    let code = format!("+{}", phone.country_code().unwrap_or_default());
    Some(tr.ta(
        "identifier-country-not-served",
        &[("code", FluentValue::from(code))],
    ))
}
