//! The transcript parser takes any text without panicking, and keeps what a line says.

use super::{parse, parse_duration};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_without_panic(text in any::<String>()) {
        for line in parse(&text) {
            prop_assert!(line.number >= 1);
        }
    }

    #[test]
    fn transcript_like_text_keeps_heads_and_bodies(
        lines in prop::collection::vec(("(user|bot|staff bot|wait|code)", "[:~]", "[ -~]{0,30}"), 0..20)
    ) {
        let text: String = lines
            .iter()
            .map(|(head, sep, body)| format!("{head}{sep} {body}\n"))
            .collect();
        let parsed = parse(&text);
        prop_assert_eq!(parsed.len(), lines.len());
        for (line, (head, sep, body)) in parsed.iter().zip(&lines) {
            prop_assert_eq!(&line.head, &format!("{head}{sep}"));
            prop_assert_eq!(&line.body, &body.trim().to_string());
        }
    }

    #[test]
    fn durations_parse_or_refuse_without_panic(text in any::<String>()) {
        let _ = parse_duration(&text);
    }

    #[test]
    fn durations_round_trip(n in 0u64..100_000, unit in "[smh]") {
        let factor = match unit.as_str() { "s" => 1, "m" => 60, _ => 3600 };
        prop_assert_eq!(
            parse_duration(&format!("+{n}{unit}")),
            Some(std::time::Duration::from_secs(n * factor))
        );
    }
}
