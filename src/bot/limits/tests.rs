//! Send limits: per-chat spacing, group chats, the overall rate, forgetting idle chats.

use super::*;
use teloxide::types::ChatId;

fn limits() -> SendLimits {
    SendLimits::new(Rules {
        per_chat_sec: 1,
        per_group_min: 20,
        overall_sec: 30,
    })
}

fn user(id: i64) -> Recipient {
    Recipient::Id(ChatId(id))
}

fn windows(chat: &Recipient) -> ChatWindows {
    ChatWindows {
        per_sec: Window::new(1, SECOND),
        per_min: is_group(chat).then(|| Window::new(20, MINUTE)),
    }
}

/// When each of `count` messages to `chat` may go, each done as soon as it may.
fn turns(chat: &Recipient, count: usize, now: Instant) -> Vec<Duration> {
    let mut windows = windows(chat);
    (0..count)
        .map(|_| {
            let turn = windows.next_free(now);
            windows.record(turn);
            turn - now
        })
        .collect()
}

#[test]
fn a_message_under_the_limits_goes_at_once() {
    let limits = limits();
    let now = Instant::now();
    assert_eq!(windows(&user(1)).next_free(now), now);
    assert_eq!(limits.reserve_overall(now), now);
}

#[test]
fn one_message_a_second_into_a_chat() {
    let now = Instant::now();
    let secs: Vec<u64> = turns(&user(1), 4, now)
        .iter()
        .map(Duration::as_secs)
        .collect();
    assert_eq!(secs, [0, 1, 2, 3]);
}

#[test]
fn twenty_messages_a_minute_into_a_group() {
    let group = Recipient::Id(ChatId(-1_001_234_567_890));
    let now = Instant::now();
    let got = turns(&group, 22, now);
    assert_eq!(got[19], 19 * SECOND);
    assert_eq!(got[20], MINUTE);
    assert_eq!(got[21], MINUTE + SECOND);
}

#[test]
fn never_more_than_the_overall_limit_in_any_second() {
    let limits = limits();
    let start = Instant::now();
    // 100 messages asked for 10 ms apart, each to its own chat.
    let sent: Vec<Instant> = (0..100)
        .map(|i| limits.reserve_overall(start + Duration::from_millis(10 * i)))
        .collect();
    assert!(sent.windows(2).all(|w| w[0] <= w[1]), "in order");
    for (i, at) in sent.iter().enumerate() {
        let in_window = sent[i..].iter().take_while(|t| **t < *at + SECOND).count();
        assert!(in_window <= 30, "{in_window} messages within a second");
    }
    // The first 30 went when asked.
    assert_eq!(sent[29], start + Duration::from_millis(290));
    assert_eq!(sent[30], start + SECOND);
}

#[tokio::test]
async fn a_chat_keeps_its_distance_from_when_its_last_message_was_done() {
    let limits = limits();
    let chat = user(1);
    let first = limits.wait_turn(&chat).await;
    let (limits2, chat2) = (limits.clone(), chat.clone());
    // Asked for while the first is in flight: it waits for the first to be done.
    let second = tokio::spawn(async move {
        let turn = limits2.wait_turn(&chat2).await;
        drop(turn);
        Instant::now()
    });
    // Another chat is not held up by it.
    drop(limits.wait_turn(&user(2)).await);
    // The first call takes a while (held back overall, a slow network, ...).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let done = Instant::now();
    drop(first);
    let second = second.await.expect("second turn");
    assert!(second >= done + SECOND, "{:?}", second - done);
}

#[tokio::test]
async fn idle_chats_are_forgotten() {
    let limits = limits();
    for id in 0..2_100 {
        drop(limits.chat(&user(id)));
    }
    assert!(limits.lock().chats.len() <= 1_100);
    // A chat someone waits for is kept.
    let held = limits.wait_turn(&user(1)).await;
    for id in 10_000..12_100 {
        drop(limits.chat(&user(id)));
    }
    assert!(limits.lock().chats.contains_key(&user(1)));
    drop(held);
}
