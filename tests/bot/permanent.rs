//! Permanent delivery failures: an address lettre cannot send to is refused where it is
//! typed, and a message the server refuses for good (SMTP 5xx, SMS gateway 4xx) is tried
//! once, given up and audited, without turning on the "deliveries are delayed" notice.

use crate::delivery::{ask_code, audited, DELAYED_EMAIL, DELAYED_SMS, LATER};
use crate::harness::{poll, private_chat, user, wait_for_reply, TestBot};
use recovery_bot::audit::{AuditEvent, Channel};
use std::time::Duration;

async fn start() -> TestBot {
    TestBot::start_with(|config| config.delivery.max_attempts = 20).await
}

/// The reason of the first `delivery_failed` on the channel, once there is one.
async fn failure_reason(bot: &TestBot, on: Channel) -> Option<String> {
    audited(bot, |e| match e {
        AuditEvent::DeliveryFailed {
            channel, reason, ..
        } if *channel == on => Some(reason.clone()),
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quoted_address_lettre_refuses_is_refused_where_it_is_typed() {
    let bot = start().await;
    let who = user(7301, "en");
    let chat = private_chat(&who);
    bot.emu.send_text(&chat, &who, "/reset");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, 0, "Let's reset").await;
    bot.emu.send_text(&chat, &who, "\"a..b\"@example.com");
    wait_for_reply(
        &bot.emu,
        chat.id,
        at,
        "That e-mail address doesn't look right",
    )
    .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_5xx_is_tried_once_audited_and_delays_nobody() {
    let bot = start().await;
    bot.smtp
        .refuse_recipients(Some("550 5.1.1 No such user here"));
    ask_code(&bot, 7401, "alice@example.com").await;
    let reason = failure_reason(&bot, Channel::Email).await;
    assert_eq!(reason.as_deref(), Some("smtp_rejected"));
    // Later passes of the worker do not try it again.
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.smtp.recipient_attempts(), 1);
    assert!(!bot.services.deliveries().delayed(Channel::Email));
    // Another user is not told that e-mail is delayed, and gets the code.
    bot.smtp.refuse_recipients(None);
    let other = ask_code(&bot, 7402, "bruno@example.de").await;
    assert!(!other.contains(DELAYED_EMAIL), "{other}");
    let mails = bot.smtp.wait_for_mail(1, Duration::from_secs(10)).await;
    assert_eq!(mails[0].to, vec!["bruno@example.de".to_string()]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_gateway_4xx_is_tried_once_but_429_is_retried() {
    let bot = start().await;
    bot.sms.answer_with(Some(400));
    ask_code(&bot, 7501, "+44 20 7946 0958").await;
    let reason = failure_reason(&bot, Channel::Sms).await;
    assert_eq!(reason.as_deref(), Some("gateway_rejected"));
    bot.clock.advance(LATER);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.sms.requests(), 1);
    let other = ask_code(&bot, 7502, "+49 30 12345678").await;
    assert!(!other.contains(DELAYED_SMS), "{other}");
    poll(|| (bot.sms.requests() >= 2).then_some(())).await;
    // "Too many requests" asks us to come back later: retried, and it is a delay.
    bot.sms.answer_with(Some(429));
    bot.clock.advance(Duration::from_secs(120));
    ask_code(&bot, 7503, "+44 20 7946 0958").await;
    poll(|| {
        bot.services
            .deliveries()
            .delayed(Channel::Sms)
            .then_some(())
    })
    .await
    .expect("a 429 is a delay");
    bot.sms.answer_with(None);
    bot.clock.advance(LATER);
    let sms = bot.sms.wait_for_sms(1, Duration::from_secs(10)).await;
    assert_eq!(sms[0].to, "+442079460958");
    assert_eq!(
        failure_reason(&bot, Channel::Sms).await.as_deref(),
        Some("gateway_rejected")
    );
    bot.stop().await;
}
