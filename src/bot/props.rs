//! Property tests of the unsigned callback data the bot parses itself.

use super::staff::{close_data, parse_button, take_data};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn staff_buttons_round_trip(ticket in any::<u64>()) {
        prop_assert_eq!(parse_button(&take_data(ticket)), Some((true, ticket)));
        prop_assert_eq!(parse_button(&close_data(ticket)), Some((false, ticket)));
        prop_assert!(take_data(ticket).len() <= 64);
    }

    #[test]
    fn any_callback_data_parses_or_is_refused_without_panic(data in any::<String>()) {
        let _ = parse_button(&data);
    }

    #[test]
    fn staff_like_data_never_panics(data in "tk:(take|close|open|):[-+0-9a-z]{0,25}") {
        if let Some((_, ticket)) = parse_button(&data) {
            prop_assert!(data.ends_with(&ticket.to_string()));
        }
    }
}
