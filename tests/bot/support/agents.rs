//! Tickets from the agents' side: topics, restarts, commands, refusals.

use super::{ask, audit_names, open_ticket, staff_says, wait_for};
use crate::harness::{
    agent, agent_kim, private_chat, staff_forum, staff_group, stranger, user, wait_for_reply,
    TestBot, STAFF_CHAT,
};
use telegram_emulator::{Event, UserMessage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_forum_each_ticket_lives_in_its_own_topic() {
    let bot = TestBot::start().await;
    let staff = staff_forum();
    bot.emu.register_chat(&staff);
    let (alice, bruno) = (user(5001, "en"), user(5002, "de"));
    let (_, first_topic, _) = open_ticket(&bot, &alice, "I forgot everything").await;
    let (_, second_topic, at) = open_ticket(&bot, &bruno, "Ich komme nicht rein").await;
    let topics = bot.emu.topics(STAFF_CHAT);
    assert_eq!(
        topics.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        [
            "#1 · \u{2068}User5001\u{2069}",
            "#2 · \u{2068}User5002\u{2069}"
        ]
    );
    assert_eq!(first_topic, Some(topics[0].0));
    assert_eq!(second_topic, Some(topics[1].0));

    // The user's sticker is copied into their topic.
    bot.emu.send_sticker(&private_chat(&bruno), &bruno);
    let (thread, at) = wait_for(&bot.emu, at, |e| match e {
        Event::Copied {
            chat_id,
            thread_id,
            media: Some(media),
            ..
        } if *chat_id == STAFF_CHAT && media == "sticker" => Some(*thread_id),
        _ => None,
    })
    .await;
    assert_eq!(thread, second_topic);

    // An agent writing in the topic answers that ticket's user, in the user's language.
    let in_topic = |text: &str| UserMessage::text(text).in_thread(topics[1].0);
    bot.emu.send_user_message(
        &staff,
        &agent(),
        in_topic("Hallo Bruno, wie heißt dein Konto?"),
    );
    let (taken, at) = wait_for_reply(&bot.emu, bruno.id, at, "Ticket #2").await;
    assert!(taken.contains("kümmert sich"), "{taken}");
    let (reply, at) = wait_for_reply(&bot.emu, bruno.id, at, "wie heißt dein Konto").await;
    assert!(reply.starts_with("💬 Support (Ticket #2):"), "{reply}");

    // A member who is no agent is refused in the topic, and nothing reaches the user.
    bot.emu
        .send_user_message(&staff, &stranger(), in_topic("send me your password"));
    let (_, thread, at) = staff_says(&bot.emu, at, "Only support agents").await;
    assert_eq!(thread, Some(topics[1].0));
    assert!(audit_names(&bot).contains(&"agent_refused".to_string()));
    // Media from agents does not go out.
    bot.emu.send_user_message(
        &staff,
        &agent(),
        UserMessage::new(telegram_emulator::UserContent::Photo).in_thread(topics[1].0),
    );
    staff_says(&bot.emu, at, "Only text reaches the user").await;
    let leaked = bot
        .emu
        .messages(bruno.id)
        .into_iter()
        .any(|m| m.text.is_some_and(|t| t.contains("send me your password")));
    assert!(!leaked, "a non-agent's message reached the user");
    // Alice's ticket was not touched.
    assert_eq!(
        bot.emu
            .messages(alice.id)
            .iter()
            .filter(|m| m.from_bot)
            .count(),
        2
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_ticket_keeps_the_relay_working() {
    let bot = TestBot::start().await;
    let ann = user(5101, "en");
    let chat = private_chat(&ann);
    let (card, _, _) = open_ticket(&bot, &ann, "Help, my account is gone").await;
    let bot = bot.restart().await;
    let at = bot.emu.events().len();
    let staff = staff_group();
    bot.emu.send_reply(&staff, &agent(), card, "We're on it.");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "We're on it.").await;
    let bot = bot.restart().await;
    bot.emu.send_text(&chat, &ann, "Thank you!");
    let (relayed, _, at) = staff_says(&bot.emu, at, "Thank you!").await;
    // Replying to the relayed message (not only the card) reaches the user too.
    bot.emu
        .send_reply(&staff, &agent_kim(), relayed, "You're welcome.");
    let (_, at) = wait_for_reply(&bot.emu, chat.id, at, "You're welcome.").await;
    let bot = bot.restart().await;
    let pressed = bot.emu.press_button(&staff, &agent(), card, "tk:close:1");
    let (notice, _) = wait_for(&bot.emu, at, |e| match e {
        Event::CallbackAnswered {
            callback_query_id,
            text,
            ..
        } if *callback_query_id == pressed => Some(text.clone()),
        _ => None,
    })
    .await;
    assert_eq!(
        notice.as_deref(),
        Some("Ticket #1 closed by Sam. The user was told.")
    );
    wait_for_reply(&bot.emu, chat.id, at, "Support closed your ticket #1").await;
    // A second press changes nothing: the card lost its buttons, the ticket is closed once.
    let again = bot.emu.press_button(&staff, &agent(), card, "tk:close:1");
    let (notice, _) = wait_for(&bot.emu, at, |e| match e {
        Event::CallbackAnswered {
            callback_query_id,
            text,
            ..
        } if *callback_query_id == again => Some(text.clone()),
        _ => None,
    })
    .await;
    assert_eq!(notice.as_deref(), Some("Ticket #1 is closed."));
    let closes = audit_names(&bot)
        .iter()
        .filter(|n| *n == "ticket_closed")
        .count();
    assert_eq!(closes, 1);
    assert!(bot
        .emu
        .message(STAFF_CHAT, card)
        .expect("card")
        .buttons
        .is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_work_from_a_private_chat_and_others_are_refused() {
    let bot = TestBot::start().await;
    let ann = user(5201, "en");
    // Ann tried a reset for Alice's account before asking for help.
    let ann_chat = private_chat(&ann);
    bot.emu.send_text(&ann_chat, &ann, "/reset");
    bot.emu.send_text(&ann_chat, &ann, "alice@example.com");
    wait_for_reply(&bot.emu, ann.id, 0, "If an account uses").await;
    open_ticket(&bot, &ann, "No code arrives").await;
    let (sam, kim, mallory) = (agent(), agent_kim(), stranger());
    let sam_chat = private_chat(&sam);
    let kim_chat = private_chat(&kim);

    let list = ask(&bot, &sam_chat, &sam, "/tickets").await;
    assert_eq!(
        list,
        "Open tickets: 1\n#1 · open · 0 min · \u{2068}User5201\u{2069} · account alice"
    );
    let account = ask(&bot, &sam_chat, &sam, "/account +44 20 7946 0958").await;
    assert!(account.starts_with("Account alice (\u{2068}Alice Example\u{2069})\nE-mail: a***e@example.com · Phone: +44 •••• 0958\nLinked chats: 0\nPassword reset: not paused.\nLast events:"), "{account}");
    assert!(account.contains("code_requested (user:5201)"), "{account}");
    assert!(
        !account.contains("alice@example.com"),
        "contacts are masked: {account}"
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/account nobody@example.com").await,
        "No account uses that id, e-mail address or phone number."
    );

    let at = bot.emu.events().len();
    assert_eq!(
        ask(
            &bot,
            &sam_chat,
            &sam,
            "/reply 1 Did you check your spam folder?"
        )
        .await,
        "Sent to the user of ticket #1."
    );
    wait_for_reply(&bot.emu, ann.id, at, "check your spam folder").await;
    // The staff chat sees the answer given from elsewhere.
    staff_says(
        &bot.emu,
        at,
        "Sam answered (#1):\nDid you check your spam folder?",
    )
    .await;
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take #1").await,
        "Ticket #1 taken over by Kim from Sam."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take 1").await,
        "Ticket #1 is already yours."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take one").await,
        "Usage: /take N (the ticket number)"
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/reply 1").await,
        "Usage: /reply N followed by your answer"
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/take 7").await,
        "There is no ticket #7."
    );
    let stats = ask(&bot, &sam_chat, &sam, "/stats").await;
    assert_eq!(
        stats,
        "Tickets waiting: 0 · being handled: 1\nMedian time to a first answer (tickets of the last 24 h): 0 min\nLast 24 h: 1 ticket, 0 password resets, 0 lockouts."
    );
    assert_eq!(
        ask(&bot, &kim_chat, &kim, "/close 1 solved: spam folder").await,
        "Ticket #1 closed by Kim. The user was told."
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/reply 1 one more thing").await,
        "Ticket #1 is closed: the user did not get your answer."
    );
    assert_eq!(
        ask(&bot, &sam_chat, &sam, "/tickets").await,
        "No open tickets."
    );

    // Someone else gets a refusal for every agent command, in private as in the staff chat.
    let mallory_chat = private_chat(&mallory);
    for command in [
        "/tickets",
        "/take 1",
        "/reply 1 hi",
        "/account alice",
        "/unlock alice",
        "/stats",
        "/close 1",
    ] {
        assert_eq!(
            ask(&bot, &mallory_chat, &mallory, command).await,
            "Only support agents can do that.",
            "{command}"
        );
    }
    let refused = bot
        .services
        .store()
        .audit_log(None)
        .expect("audit")
        .into_iter()
        .filter(|r| r.name() == "agent_refused")
        .count();
    assert_eq!(refused, 7);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unlock_lifts_an_operators_lock_and_tells_the_linked_chats() {
    let bot = TestBot::start().await;
    let holder = user(5401, "de");
    let store = bot.services.store();
    // The holder linked this chat after a reset some time ago.
    bot.emu.register_chat(&private_chat(&holder));
    assert!(store.link_chat("alice", holder.id).expect("link"));
    store
        .update_account("alice", |a| a.locked = true)
        .expect("lock");
    let sam = agent();
    let at = bot.emu.events().len();
    assert_eq!(
        ask(&bot, &private_chat(&sam), &sam, "/unlock alice").await,
        "Account alice unlocked: password reset works again. Users told: 1."
    );
    // Alice's language, as her account says, for a chat that never chose one.
    let (told, _) = wait_for_reply(&bot.emu, holder.id, at, "Support lifted").await;
    assert_eq!(
        told,
        "Support lifted the lock on your account. You can reset your password again now."
    );
    assert!(
        !store
            .account("alice")
            .expect("store")
            .expect("alice")
            .locked
    );
    bot.stop().await;
}
