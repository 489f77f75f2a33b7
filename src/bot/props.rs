//! Property tests of the callback data the bot parses itself.

use crate::chat::Button;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn staff_buttons_round_trip(ticket in any::<u64>()) {
        for take in [true, false] {
            let button = Button::Ticket { take, id: ticket };
            prop_assert!(button.data().len() <= 64);
            prop_assert_eq!(Button::parse(&button.data()), Some(button));
        }
    }

    #[test]
    fn any_callback_data_parses_or_is_refused_without_panic(data in any::<String>()) {
        let _ = Button::parse(&data);
    }

    #[test]
    fn staff_like_data_never_panics(data in "tk:(take|close|open|):[-+0-9a-z]{0,25}") {
        if let Some(Button::Ticket { id, .. }) = Button::parse(&data) {
            prop_assert!(data.ends_with(&id.to_string()));
        }
    }
}
