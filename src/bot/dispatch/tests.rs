//! The dispatcher against the Bot API emulator: order within a chat, chats side by side,
//! drops.

use super::*;
use std::time::Duration;
use telegram_emulator::{ChatSpec, Emulator, UserSpec};
use teloxide::dispatching::UpdateFilterExt;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::update_listeners::Polling;
use tokio::sync::Notify;

/// What the handlers saw ("chat:text"), in the order they saw it.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn all(&self) -> Vec<String> {
        self.0.lock().expect("lock").clone()
    }

    async fn until(&self, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let seen = self.all();
            if done(&seen) {
                return seen;
            }
            assert!(tokio::time::Instant::now() < deadline, "saw only {seen:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// "wait" holds its handler until the gate opens; "panic" panics.
async fn record(msg: Message, seen: Seen, gate: Arc<Notify>) -> anyhow::Result<()> {
    let text = msg.text().unwrap_or_default().to_owned();
    match text.as_str() {
        "wait" => gate.notified().await,
        "panic" => panic!("a handler that fails"),
        _ => {}
    }
    let entry = format!("{}:{text}", msg.chat.id);
    seen.0.lock().expect("lock").push(entry);
    Ok(())
}

struct Running {
    emu: Emulator,
    seen: Seen,
    gate: Arc<Notify>,
    stop: teloxide::stop::StopToken,
    task: tokio::task::JoinHandle<()>,
}

async fn start() -> Running {
    let emu = Emulator::start().await.expect("emulator");
    let bot = Bot::new("1:test").set_api_url(emu.api_url());
    let (seen, gate) = (Seen::default(), Arc::new(Notify::new()));
    let dispatch = Dispatch::new(
        Update::filter_message().endpoint(record),
        dptree::deps![seen.clone(), gate.clone()],
        LoggingErrorHandler::new(),
    );
    let mut listener = Polling::builder(bot.clone())
        .timeout(Duration::from_secs(1))
        .build();
    let stop = listener.stop_token();
    let errors = LoggingErrorHandler::new();
    let me = bot.get_me().await.expect("getMe");
    let task = tokio::spawn(async move { dispatch.run(&bot, me, listener, errors).await });
    Running {
        emu,
        seen,
        gate,
        stop,
        task,
    }
}

fn user(id: i64) -> (ChatSpec, UserSpec) {
    let user = UserSpec::new(id, "Someone");
    (ChatSpec::private(&user), user)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_waits_for_its_own_updates_only_and_stopping_finishes_them() {
    let bot = start().await;
    let ((a, alice), (b, bob)) = (user(1), user(2));
    bot.emu.send_text(&a, &alice, "wait");
    bot.emu.send_text(&a, &alice, "after");
    bot.emu.send_text(&b, &bob, "free");
    let seen = bot.seen.until(|s| s.contains(&"2:free".into())).await;
    assert_eq!(
        seen,
        ["2:free"],
        "chat 1's second update waits for its first"
    );

    bot.stop.stop();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !bot.task.is_finished(),
        "stopping waits for the update in flight"
    );
    bot.gate.notify_one();
    let ran = tokio::time::timeout(Duration::from_secs(10), bot.task).await;
    assert!(matches!(ran, Ok(Ok(()))), "the run ends once it is handled");
    assert_eq!(bot.seen.all(), ["2:free", "1:wait", "1:after"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_chat_queue_drops_the_rest_and_holds_up_nobody() {
    let bot = start().await;
    let ((a, alice), (b, bob)) = (user(1), user(2));
    bot.emu.send_text(&a, &alice, "wait");
    let flood = QUEUE_PER_CHAT * 2;
    for i in 0..flood {
        bot.emu.send_text(&a, &alice, &i.to_string());
    }
    bot.emu.send_text(&b, &bob, "later");
    // Chat 2 is served while chat 1's first update still waits.
    bot.seen.until(|s| s == ["2:later"]).await;
    bot.gate.notify_one();
    let seen = bot.seen.until(|s| s.len() == QUEUE_PER_CHAT + 2).await;
    let chat_one: Vec<String> = seen
        .iter()
        .filter(|s| s.starts_with("1:"))
        .cloned()
        .collect();
    let expected: Vec<String> = std::iter::once("1:wait".to_owned())
        .chain((0..QUEUE_PER_CHAT).map(|i| format!("1:{i}")))
        .collect();
    assert_eq!(chat_one, expected, "in order, the rest dropped");
    bot.stop.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_costs_only_its_own_update() {
    let bot = start().await;
    let (a, alice) = user(1);
    bot.emu.send_text(&a, &alice, "panic");
    bot.emu.send_text(&a, &alice, "next");
    let seen = bot.seen.until(|s| !s.is_empty()).await;
    assert_eq!(seen, ["1:next"]);
    bot.emu.send_text(&a, &alice, "again");
    bot.seen.until(|s| s.len() == 2).await;
    bot.stop.stop();
    let ran = tokio::time::timeout(Duration::from_secs(10), bot.task).await;
    assert!(matches!(ran, Ok(Ok(()))));
}
