//! Every text a user sees comes from `locales/<lang>/main.ftl` (Fluent), embedded in the
//! binary. The language is the chat's choice, else Telegram's `language_code` reduced to
//! its primary subtag, else the configured default.

use anyhow::{anyhow, Context};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::Arc;

pub const LANGUAGES: &[&str] = &["en", "de", "es"];

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../locales/en/main.ftl")),
    ("de", include_str!("../../../locales/de/main.ftl")),
    ("es", include_str!("../../../locales/es/main.ftl")),
];

pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
    default: &'static str,
}

impl I18n {
    pub fn new(default: &str) -> anyhow::Result<Arc<I18n>> {
        let mut bundles = HashMap::new();
        for (lang, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_string()).map_err(|(_, errors)| {
                anyhow!("locales/{lang}/main.ftl has syntax errors: {errors:?}")
            })?;
            let id = lang
                .parse()
                .with_context(|| format!("bad language tag {lang}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            bundle.add_resource(resource).map_err(|errors| {
                anyhow!("locales/{lang}/main.ftl defines a message twice: {errors:?}")
            })?;
            bundles.insert(*lang, bundle);
        }
        let default = LANGUAGES
            .iter()
            .find(|l| **l == default)
            .copied()
            .ok_or_else(|| anyhow!("locales.default {default:?} is not one of {LANGUAGES:?}"))?;
        Ok(Arc::new(I18n { bundles, default }))
    }

    /// Picks the language: the chat's choice, else Telegram's language code, else default.
    pub fn negotiate(&self, chosen: Option<&str>, telegram: Option<&str>) -> &'static str {
        [chosen, telegram]
            .into_iter()
            .flatten()
            .find_map(|code| {
                let primary = code
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                LANGUAGES.iter().find(|l| **l == primary).copied()
            })
            .unwrap_or(self.default)
    }

    pub fn default_language(&self) -> &'static str {
        self.default
    }

    pub fn text(&self, lang: &str, key: &str, args: &[(&str, FluentValue)]) -> String {
        let found = [lang, self.default].into_iter().find_map(|l| {
            let bundle = self.bundles.get(l)?;
            let pattern = bundle.get_message(key)?.value()?;
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                fluent_args.set(*name, value.clone());
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::error!(key, lang = l, ?errors, "a Fluent message failed to format");
            }
            Some(text.into_owned())
        });
        found.unwrap_or_else(|| {
            tracing::error!(key, lang, "missing Fluent message");
            key.to_string()
        })
    }

    /// The keys of one language's messages, for completeness checks.
    pub fn keys(lang: &str) -> Vec<String> {
        let source = SOURCES
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, s)| *s)
            .unwrap_or("");
        source
            .lines()
            .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }
}

/// A user-supplied value (a name, a line of text) as a message argument, wrapped in Unicode
/// bidi isolation (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE), so that
/// right-to-left or neutral text in it cannot reorder the message around it. Bundles are
/// built with Fluent's own isolation off (`set_use_isolating(false)`): it would wrap every
/// argument, numbers and the bot's own words included.
pub fn isolated(text: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(format!("\u{2068}{}\u{2069}", text.into()))
}

/// A translator bound to one user's language; handlers receive it by type.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: &'static str,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: &'static str) -> Tr {
        Tr { i18n, lang }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.text(self.lang, key, &[])
    }

    pub fn ta(&self, key: &str, args: &[(&str, FluentValue)]) -> String {
        self.i18n.text(self.lang, key, args)
    }

    /// A moment in this language's words ([`I18n::moment`]).
    pub fn moment(&self, at: crate::clock::Millis) -> String {
        self.i18n.moment(self.lang, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_language_has_every_key() {
        let en: BTreeSet<_> = I18n::keys("en").into_iter().collect();
        assert!(en.len() > 20);
        for lang in LANGUAGES {
            let other: BTreeSet<_> = I18n::keys(lang).into_iter().collect();
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_key_used_in_code_exists() {
        // Where code names a locale key: the translator, a core `Line`, `Reply::key`, a
        // keyboard's key, and the desk's helpers.
        const MARKERS: [&str; 7] = [
            ".t(\"",
            ".ta(\"",
            "key: \"",
            "Line::new(\"",
            "key(\"",
            "about(\"",
            "usage(\"",
        ];
        let en: BTreeSet<_> = I18n::keys("en").into_iter().collect();
        let mut used = BTreeSet::new();
        // The core's sources and the bot's (the workspace's root crate).
        let mut stack = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../src")),
        ];
        while let Some(path) = stack.pop() {
            for entry in std::fs::read_dir(&path).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for marker in MARKERS {
                        for piece in text.split(marker).skip(1) {
                            if let Some(key) = piece.split('"').next() {
                                used.insert((key.to_string(), p.display().to_string()));
                            }
                        }
                    }
                }
            }
        }
        assert!(used.len() > 20, "the scan found too few keys: {used:?}");
        let missing: Vec<_> = used.iter().filter(|(k, _)| !en.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "keys used in code but missing in locales/en: {missing:?}"
        );
    }

    #[test]
    fn every_example_number_is_a_valid_mobile_number_of_its_language() {
        // Each language shows a number of a country that speaks it.
        let countries = [("en", "+44"), ("de", "+49"), ("es", "+34")];
        for (lang, country) in countries {
            let i18n = I18n::new(lang).unwrap();
            let mut seen = 0;
            for key in I18n::keys(lang) {
                let text = i18n.text(lang, &key, &[]);
                // "+" and a digit start a number; digits and single spaces continue it.
                for (start, _) in text.match_indices('+') {
                    let rest = &text[start + 1..];
                    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                        continue;
                    }
                    let digits = rest
                        .char_indices()
                        .take_while(|(i, c)| {
                            c.is_ascii_digit()
                                || (*c == ' '
                                    && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                        })
                        .count();
                    let number = &text[start..start + 1 + digits];
                    assert!(number.starts_with(country), "{lang} {key}: {number}");
                    assert!(
                        crate::domain::PhoneNumber::parse(number).is_ok(),
                        "{lang} {key}: {number} does not parse"
                    );
                    seen += 1;
                }
            }
            assert!(seen >= 5, "{lang}: only {seen} example numbers");
        }
    }

    #[test]
    fn language_is_negotiated_from_choice_then_telegram_then_default() {
        let i18n = I18n::new("en").unwrap();
        assert_eq!(i18n.negotiate(Some("es"), Some("de-AT")), "es");
        assert_eq!(i18n.negotiate(None, Some("de-AT")), "de");
        assert_eq!(i18n.negotiate(None, Some("pt-BR")), "en");
        assert_eq!(i18n.negotiate(None, None), "en");
    }

    #[test]
    fn counts_in_staff_texts_agree_with_their_number() {
        let i18n = I18n::new("en").unwrap();
        let stats = |lang: &str, n: i64| {
            let n = FluentValue::from(n);
            let args = [
                ("open", n.clone()),
                ("taken", n.clone()),
                ("median", FluentValue::from("-")),
                ("tickets", n.clone()),
                ("resets", n.clone()),
                ("lockouts", n),
            ];
            i18n.text(lang, "staff-stats", &args)
        };
        assert!(stats("en", 1).contains("1 ticket, 1 password reset, 1 lockout."));
        assert!(stats("en", 2).contains("2 tickets, 2 password resets, 2 lockouts."));
        assert!(stats("de", 1).contains("1 Ticket, 1 zurückgesetztes Passwort, 1 Sperre."));
        assert!(stats("es", 0).contains("0 incidencias, 0 contraseñas restablecidas"));
    }
}
