//! The persistent delivery queue: e-mail and SMS outages, a restart while a message
//! waits, the "deliveries are delayed" notice (the same for known and unknown accounts),
//! expired codes dropped unsent, and no plaintext code in the store.

use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot};
use recovery_bot::audit::AuditEvent;
use std::time::Duration;

pub const DELAYED_EMAIL: &str = "Deliveries by e-mail are delayed";
pub const DELAYED_SMS: &str = "Deliveries by SMS are delayed";
/// Well past any first retry (about 1 s with jitter) and well inside a code's 10 minutes.
pub const LATER: Duration = Duration::from_secs(30);

async fn start() -> TestBot {
    TestBot::start_with(|config| config.delivery.max_attempts = 20).await
}

/// Asks for a code for `identifier` from a fresh chat; returns the "code sent" reply.
pub async fn ask_code(bot: &TestBot, user_id: i64, identifier: &str) -> String {
    let user = user(user_id, "en");
    let chat = private_chat(&user);
    bot.emu.send_text(&chat, &user, "/reset");
    let (_, after) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
    bot.emu.send_text(&chat, &user, identifier);
    let (text, _) = wait_for_reply(&bot.emu, chat.id, after, "If an account uses").await;
    text
}

/// Waits (in real time) until the worker has failed at least once on the channel.
async fn wait_until_delayed(bot: &TestBot, channel: recovery_bot::audit::Channel) {
    poll(|| bot.services.deliveries().delayed(channel).then_some(()))
        .await
        .expect("the channel never became delayed");
}

/// The first audit event `pick` accepts, once there is one.
pub async fn audited<T>(bot: &TestBot, pick: impl Fn(&AuditEvent) -> Option<T>) -> Option<T> {
    poll(|| {
        let log = bot.services.store().audit_log(None).expect("audit");
        log.iter().find_map(|r| pick(&r.event))
    })
    .await
}

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a code")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_sent_while_smtp_is_down_arrives_once_when_it_is_back() {
    let bot = start().await;
    bot.smtp.set_down(true);
    ask_code(&bot, 5001, "alice@example.com").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    assert!(bot.smtp.mails().is_empty());
    bot.smtp.set_down(false);
    bot.clock.advance(LATER);
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["alice@example.com".to_string()]);
    // Later passes of the worker do not send it again.
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.smtp.mails().len(), 1);
    assert!(!bot
        .services
        .deliveries()
        .delayed(recovery_bot::audit::Channel::Email));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_refused_with_500_arrives_once_when_the_gateway_answers_200() {
    let bot = start().await;
    bot.sms.set_failing(true);
    ask_code(&bot, 5101, "+44 20 7946 0958").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Sms).await;
    assert!(bot.sms.messages().is_empty());
    bot.sms.set_failing(false);
    bot.clock.advance(LATER);
    let messages = bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, "+442079460958");
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.sms.messages().len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_email_is_delivered_by_the_restarted_bot() {
    let bot = start().await;
    bot.smtp.set_down(true);
    ask_code(&bot, 5201, "alice@example.com").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    let bot = bot.restart().await;
    // The restarted bot knows the channel is failing from what waits in the queue.
    assert!(bot
        .services
        .deliveries()
        .delayed(recovery_bot::audit::Channel::Email));
    bot.smtp.set_down(false);
    bot.clock.advance(LATER);
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.smtp.mails().len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delayed_notice_is_shown_for_known_and_unknown_identifiers_alike() {
    let bot = start().await;
    bot.smtp.set_down(true);
    bot.sms.set_failing(true);
    // Before any failure nobody is told of a delay.
    let first = ask_code(&bot, 5301, "alice@example.com").await;
    assert!(!first.contains(DELAYED_EMAIL), "{first}");
    ask_code(&bot, 5302, "+44 20 7946 0958").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Sms).await;
    let known = ask_code(&bot, 5303, "bruno@example.de").await;
    let unknown = ask_code(&bot, 5304, "nobody@example.de").await;
    assert!(known.contains(DELAYED_EMAIL), "{known}");
    assert_eq!(
        known.replace("b***o@example.de", "<id>"),
        unknown.replace("n***y@example.de", "<id>")
    );
    let known = ask_code(&bot, 5305, "+49 30 12345678").await;
    let unknown = ask_code(&bot, 5306, "+49 30 87654321").await;
    assert!(known.contains(DELAYED_SMS), "{known}");
    assert!(unknown.contains(DELAYED_SMS), "{unknown}");
    assert!(!known.contains(DELAYED_EMAIL));
    // Once the channels work again the notice goes away.
    bot.smtp.set_down(false);
    bot.sms.set_failing(false);
    bot.clock.advance(LATER);
    bot.smtp.wait_for_mail(2, Duration::from_secs(10)).await;
    bot.sms.wait_for_sms(2, Duration::from_secs(10)).await;
    let after = ask_code(&bot, 5307, "someone@example.com").await;
    assert!(!after.contains(DELAYED_EMAIL), "{after}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_that_expired_in_the_queue_is_dropped_not_sent() {
    let bot = start().await;
    bot.smtp.set_down(true);
    ask_code(&bot, 5401, "alice@example.com").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    bot.clock.advance(Duration::from_secs(11 * 60));
    let dropped = audited(&bot, |e| match e {
        AuditEvent::DeliveryDropped { reason, .. } if reason == "expired" => Some(()),
        _ => None,
    })
    .await
    .is_some();
    assert!(dropped, "no delivery_dropped in the audit log");
    bot.smtp.set_down(false);
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(bot.smtp.mails().is_empty());
    bot.stop().await;
}

/// Every file of the store, byte for byte.
fn raw_store(bot: &TestBot) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut dirs = vec![bot.store_path.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("store dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                bytes.extend(std::fs::read(&path).expect("store file"));
            }
        }
    }
    bytes
}

/// True when `code` occurs in `bytes` as a run of exactly six digits.
fn holds_code(bytes: &[u8], code: &str) -> bool {
    bytes
        .windows(8)
        .any(|w| !w[0].is_ascii_digit() && !w[7].is_ascii_digit() && &w[1..7] == code.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_holds_no_plaintext_code() {
    let bot = start().await;
    bot.smtp.set_down(true);
    ask_code(&bot, 5501, "alice@example.com").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    bot.services.store().flush().await.expect("flush");
    let snapshot = raw_store(&bot);
    bot.smtp.set_down(false);
    bot.clock.advance(LATER);
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    let code = code_in(&mails[0].body);
    assert!(!holds_code(&snapshot, &code), "the code is in the store");
    let body_line = mails[0]
        .body
        .lines()
        .find(|l| l.contains(&code))
        .expect("the code's line");
    let text = String::from_utf8_lossy(&snapshot);
    assert!(
        !text.contains(body_line),
        "the message text is in the store"
    );
    assert!(!text.contains("alice@example.com\",\"subject"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_given_up_after_max_attempts_and_audited_without_content() {
    // The test config allows two attempts.
    let bot = TestBot::start().await;
    bot.smtp.set_down(true);
    ask_code(&bot, 5601, "alice@example.com").await;
    wait_until_delayed(&bot, recovery_bot::audit::Channel::Email).await;
    bot.clock.advance(LATER);
    let failed = audited(&bot, |e| {
        matches!(e, AuditEvent::DeliveryFailed { .. }).then(|| e.clone())
    })
    .await;
    let failed = failed.expect("no delivery_failed in the audit log");
    let json = serde_json::to_string(&failed).expect("json");
    assert!(json.contains("a***e@example.com"), "{json}");
    assert!(!json.contains("alice@example.com"), "{json}");
    // Given up means gone: the server coming back gets nothing.
    bot.smtp.set_down(false);
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(bot.smtp.mails().is_empty());
    bot.stop().await;
}
