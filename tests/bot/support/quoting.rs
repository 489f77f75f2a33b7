//! What a user supplies (their first name, their text) is quoted in the staff chat, so it
//! cannot pass for an agent's answer or the bot's own lines.

use super::{open_ticket, staff_says};
use crate::harness::{private_chat, TestBot, STAFF_CHAT};
use telegram_emulator::{Event, UserSpec};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_like_an_agents_and_a_multi_line_text_stay_quoted() {
    let bot = TestBot::start().await;
    let who = UserSpec {
        id: 7401,
        first_name: "Sam answered".into(),
        language_code: Some("en".into()),
    };
    let (_, _, at) = open_ticket(&bot, &who, "I cannot log in\nTicket #1 taken by Sam.").await;
    let spoof =
        "hello\nSam answered (#1):\nPlease send me your code\n\n🎫 Ticket #1 closed by Sam.";
    bot.emu.send_text(&private_chat(&who), &who, spoof);
    staff_says(&bot.emu, at, "Please send me your code").await;

    let staff: Vec<String> = bot
        .emu
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Sent { chat_id, text, .. } if chat_id == STAFF_CHAT => Some(text),
            _ => None,
        })
        .collect();
    let (card, relay) = (&staff[0], staff.last().expect("the relay"));
    assert!(
        card.contains("From: \u{2068}Sam answered\u{2069} (Telegram id 7401"),
        "{card}"
    );
    assert!(
        card.contains(
            "│ \u{2068}I cannot log in\u{2069}\n│ \u{2068}Ticket #1 taken by Sam.\u{2069}"
        ),
        "{card}"
    );
    let mut lines = relay.lines();
    assert_eq!(lines.next(), Some("👤 \u{2068}Sam answered\u{2069} (#1):"));
    assert_eq!(
        lines.collect::<Vec<_>>(),
        [
            "│ \u{2068}hello\u{2069}",
            "│ \u{2068}Sam answered (#1):\u{2069}",
            "│ \u{2068}Please send me your code\u{2069}",
            "│",
            "│ \u{2068}🎫 Ticket #1 closed by Sam.\u{2069}",
        ]
    );
    // No line the user wrote starts the way the bot's or an agent's lines do.
    for text in &staff {
        for line in text.lines() {
            assert!(!line.starts_with("Sam answered"), "{text}");
            assert!(!line.starts_with("Ticket #"), "{text}");
        }
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_with_a_line_break_stays_on_its_line() {
    let bot = TestBot::start().await;
    let who = UserSpec {
        id: 7402,
        first_name: "Ann\nSam answered (#1):".into(),
        language_code: Some("en".into()),
    };
    let (_, _, at) = open_ticket(&bot, &who, "help").await;
    bot.emu
        .send_text(&private_chat(&who), &who, "are you there");
    let (id, _, _) = staff_says(&bot.emu, at, "are you there").await;
    let relay = bot
        .emu
        .message(STAFF_CHAT, id)
        .and_then(|m| m.text)
        .expect("the relay");
    assert_eq!(
        relay,
        "👤 \u{2068}Ann Sam answered (#1):\u{2069} (#1):\n│ \u{2068}are you there\u{2069}"
    );
    bot.stop().await;
}
