//! SMS pumping and mail bombing: a few distinct new contacts an hour from /settings,
//! SMS only to the allowed countries, and an hourly SMS budget for the whole bot.

use crate::delivery::{ask_code, audited};
use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot};
use crate::ops::{counter, get};
use crate::settings::{press, sign_in};
use recovery_bot::audit::AuditEvent;
use std::time::Duration;

const BUDGET_SPENT: &str = "the hourly SMS budget is spent";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fourth_new_contact_in_an_hour_is_refused_and_audited() {
    let bot = TestBot::start().await;
    let who = user(7001, "en");
    let chat = private_chat(&who);
    let mut at = sign_in(&bot, &who, &chat, 0).await;
    // Three distinct new contacts (e-mail and phone count together), and a repeat of
    // one of them, which is free.
    for (n, (button, contact)) in [
        ("set:email", "new1@example.org"),
        ("set:phone", "+44 20 7946 0001"),
        ("set:email", "new3@example.org"),
        ("set:email", "new1@example.org"),
    ]
    .into_iter()
    .enumerate()
    {
        if n == 3 {
            // Past new1's resend cooldown, so only the new-contact limit could refuse it.
            bot.clock.advance(Duration::from_secs(120));
        }
        press(&bot, &who, &chat, button);
        let (_, next) = wait_for_reply(&bot.emu, chat.id, at, "Type your new").await;
        bot.emu.send_text(&chat, &who, contact);
        let (_, next) = wait_for_reply(&bot.emu, chat.id, next, "We sent a 6-digit code").await;
        press(&bot, &who, &chat, "cancel");
        let (_, next) = wait_for_reply(&bot.emu, chat.id, next, "Cancelled").await;
        at = next;
    }
    press(&bot, &who, &chat, "set:phone");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "Type your new mobile").await;
    bot.emu.send_text(&chat, &who, "+44 20 7946 0004");
    let (text, _) = wait_for_reply(&bot.emu, chat.id, at, "You can verify at most 3").await;
    assert!(text.contains("try again in 58 minutes"), "{text}");
    let limited = audited(&bot, |e| match e {
        AuditEvent::NewContactLimited { identifier } => Some(identifier.clone()),
        _ => None,
    })
    .await;
    assert_eq!(limited.as_deref(), Some("+44 •••• 0004"));
    // The step-up code, new1 twice, new3; one SMS to the one phone number.
    bot.clock.advance(Duration::from_secs(5));
    let mails = bot.smtp.wait_for_mail(4, Duration::from_secs(10)).await;
    assert_eq!(mails.len(), 4);
    let sms = bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(bot.sms.messages().len(), 1, "{sms:?}");
    assert_eq!(sms[0].to, "+442079460001");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_from_a_country_not_allowed_is_refused_alike_for_every_account() {
    let bot = TestBot::start_with(|config| {
        config.delivery.sms.allowed_country_codes = vec!["+44".into()];
    })
    .await;
    let refusal = |user_id: i64, number: &'static str| {
        let bot = &bot;
        async move {
            let who = user(user_id, "en");
            let chat = private_chat(&who);
            bot.emu.send_text(&chat, &who, "/reset");
            let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
            bot.emu.send_text(&chat, &who, number);
            wait_for_reply(&bot.emu, chat.id, at, "country code")
                .await
                .0
        }
    };
    // Bruno's number and nobody's: the same answer.
    let known = refusal(7101, "+49 30 12345678").await;
    let unknown = refusal(7102, "+49 30 87654321").await;
    assert!(
        known.contains("We can't send text messages to numbers with the country code +49"),
        "{known}"
    );
    assert_eq!(known, unknown);
    // /settings sign-in with such a number (its step-up code would go by SMS) too.
    let who = user(7104, "en");
    let chat = private_chat(&who);
    bot.emu.send_text(&chat, &who, "/settings");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's sign you in").await;
    bot.emu.send_text(&chat, &who, "+49 30 12345678");
    let (signin, _) = wait_for_reply(&bot.emu, chat.id, at, "country code").await;
    assert_eq!(signin, known);
    // A number of an allowed country gets its code.
    ask_code(&bot, 7103, "+44 20 7946 0958").await;
    let sms = bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].to, "+442079460958");
    assert_eq!(bot.sms.requests(), 1, "no SMS to +49");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hourly_sms_budget_stops_sms_counts_and_logs_once() {
    let bot = TestBot::start_with(|config| config.delivery.sms.max_per_hour = 1).await;
    let addr = bot.api_addr.expect("operator listener");
    ask_code(&bot, 7201, "+44 20 7946 0958").await;
    bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    // Past the budget the reply stays the usual one and nothing goes to the gateway.
    let second = ask_code(&bot, 7202, "+49 30 12345678").await;
    assert!(second.contains("If an account uses"), "{second}");
    bot.clock.advance(Duration::from_secs(120));
    ask_code(&bot, 7203, "+44 20 7946 0958").await;
    let spent = &bot.services.metrics().sms_budget_exhausted;
    poll(|| (spent.get() >= 2).then_some(())).await;
    let (_, metrics) = get(addr, "/metrics").await;
    assert_eq!(counter(&metrics, "sms_budget_exhausted"), 2, "{metrics}");
    let dropped = audited(&bot, |e| match e {
        AuditEvent::DeliveryDropped { reason, to, .. } if reason == "sms_budget" => {
            Some(to.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(dropped.as_deref(), Some("+49 •••• 5678"));
    // E-mail is not limited by it.
    ask_code(&bot, 7204, "bruno@example.de").await;
    bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(bot.sms.requests(), 1);
    assert_eq!(crate::logs::captured().matches(BUDGET_SPENT).count(), 1);
    // An hour after the one SMS sent there is room again.
    bot.clock.advance(Duration::from_secs(3600 - 120));
    ask_code(&bot, 7205, "+49 30 12345678").await;
    let sms = bot.sms.wait_for_sms(2, Duration::from_secs(10)).await;
    assert_eq!(sms.len(), 2);
    bot.stop().await;
}
