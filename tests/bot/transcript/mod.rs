//! Replays a conversation transcript from `dialogues/` against the real bot.
//!
//! A transcript is a list of lines, `#` starting a comment; an indented line continues
//! the line above it (a multi-line message). Set-up lines come first:
//!
//! | line                     | meaning                                                    |
//! |--------------------------|------------------------------------------------------------|
//! | `language: de`           | the user's Telegram language                               |
//! | `chat: group`            | the user writes in a group chat instead of a private one   |
//! | `user: text`             | the user sends a text (`{code}`: the last code delivered, `{wrong code}`: another one, `{text 4096}`: 4,096 characters) |
//! | `user sends: sticker`    | also `photo`, `voice`, `contact`                           |
//! | `user presses: Label`    | presses the newest button with that label                  |
//! | `user presses data: x`   | sends a button press with made-up data on the newest bot message |
//! | `bot: text`              | the bot's next message is exactly this                     |
//! | `bot~ text`              | the bot's next message contains this                       |
//! | `buttons: [A] [B] / [C]` | that message's inline keyboard, rows split by ` / `        |
//! | `notice~ text`           | the answer to the last button press contains this          |
//! | `deleted: user message`  | the bot deleted the user's last message                    |
//! | `email to ADDR~ text`    | an e-mail to ADDR arrived containing this (its code is kept for `{code}`) |
//! | `sms to NUMBER~ text`    | the same for an SMS                                        |
//! | `no email`, `no sms`     | nothing new was delivered                                  |
//! | `clock: +10m`            | the test clock moves on (`s`, `m`, `h`)                    |
//! | `audit: event_name`      | the audit log holds such an event                          |
//! | `restart`                | the bot stops and starts again on the same store           |
//! | `telegram fails: sendMessage 429 x2` | the next 2 calls of the method fail: `429` (retry after 1 s), `500` or `drop` (connection broken); `x1` if left out |
//!
//! The support staff chat (a supergroup; agents Sam 9001 and Kim 9002, Mallory 9999 is
//! a member but no agent):
//!
//! | line                     | meaning                                                    |
//! |--------------------------|------------------------------------------------------------|
//! | `staff: forum`           | set-up: the staff chat has topics (default: it has none)   |
//! | `agent: text`            | Sam writes in the staff chat (outside any topic)           |
//! | `agent in topic: text`   | Sam writes in the newest topic the bot opened              |
//! | `agent replies: text`    | Sam replies to the bot's newest staff-chat message         |
//! | `agent presses: Label`   | Sam presses the newest staff-chat button with that label   |
//! | `stranger: text`, `stranger replies: text`, `stranger presses: Label` | the same as Mallory |
//! | `staff bot: text`        | the bot's next staff-chat message is exactly this (`[sticker]` etc. for a copied media message) |
//! | `staff bot~ text`        | it contains this                                           |
//! | `staff buttons: [A] [B]` | that message's inline keyboard                             |
//! | `staff edited~ text`     | the bot's next edit in the staff chat contains this        |
//! | `topic: name`            | the bot's next new forum topic has this name               |
//!
//! At the end, every message the bot sent (in either chat) must have been matched by a
//! `bot` or `staff bot` line.

mod deliveries;
mod expect;
mod parse;
mod props;
mod staff;

use parse::{parse, parse_duration, parse_fault, Line};

use crate::harness::{group_chat, private_chat, staff_forum, staff_group, user, TestBot};
use std::time::Duration;
use telegram_emulator::{ChatSpec, Event, UserSpec};

const WAIT: Duration = Duration::from_secs(10);

struct Runner {
    name: String,
    bot: Option<TestBot>,
    user: UserSpec,
    chat: ChatSpec,
    cursor: usize,
    last_user_message: Option<i32>,
    last_bot_message: Option<i32>,
    last_callback: Option<String>,
    code: Option<String>,
    mails: usize,
    sms: usize,
    staff: ChatSpec,
    staff_cursor: usize,
    staff_edit_cursor: usize,
    topic_cursor: usize,
    last_staff_message: Option<i32>,
}

pub async fn run(file: &str) {
    let path = format!("{}/dialogues/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lines = parse(&text);
    let mut language = "en".to_string();
    let mut group = false;
    let mut forum = false;
    for line in &lines {
        match line.head.as_str() {
            "language:" => language = line.body.clone(),
            "chat:" => group = line.body == "group",
            "staff:" => forum = line.body == "forum",
            _ => {}
        }
    }
    let bot = TestBot::start().await;
    let staff = if forum { staff_forum() } else { staff_group() };
    bot.emu.register_chat(&staff);
    let user = user(1001, &language);
    let chat = if group {
        group_chat()
    } else {
        private_chat(&user)
    };
    let mut runner = Runner {
        name: file.to_string(),
        bot: Some(bot),
        user,
        chat,
        cursor: 0,
        last_user_message: None,
        last_bot_message: None,
        last_callback: None,
        code: None,
        mails: 0,
        sms: 0,
        staff,
        staff_cursor: 0,
        staff_edit_cursor: 0,
        topic_cursor: 0,
        last_staff_message: None,
    };
    for line in &lines {
        if tokio::time::timeout(WAIT * 3, runner.step(line))
            .await
            .is_err()
        {
            runner.fail(line, "the step did not finish".into());
        }
    }
    if tokio::time::timeout(WAIT * 3, runner.finish())
        .await
        .is_err()
    {
        panic!("dialogues/{file}: the bot did not stop");
    }
}

impl Runner {
    fn bot(&self) -> &TestBot {
        self.bot.as_ref().expect("a running bot")
    }

    fn fail(&self, line: &Line, why: String) -> ! {
        panic!(
            "dialogues/{}:{}: `{} {}`: {why}",
            self.name, line.number, line.head, line.body
        );
    }

    async fn step(&mut self, line: &Line) {
        match line.head.as_str() {
            "language:" | "chat:" | "staff:" => {}
            head if staff::HEADS.contains(&head) => self.staff_step(line).await,
            "user:" => {
                let text = self.expand(&line.body);
                self.last_user_message =
                    Some(self.bot().emu.send_text(&self.chat, &self.user, &text));
            }
            "user sends:" => {
                let (emu, chat, user) = (&self.bot().emu, &self.chat, &self.user);
                let id = match line.body.as_str() {
                    "sticker" => emu.send_sticker(chat, user),
                    "photo" => emu.send_photo(chat, user),
                    "voice" => emu.send_voice(chat, user),
                    "contact" => emu.send_contact(chat, user, "+442079460958"),
                    other => self.fail(line, format!("unknown kind {other}")),
                };
                self.last_user_message = Some(id);
            }
            "user presses:" => {
                let (chat, user) = (self.chat.clone(), self.user.clone());
                self.press_in(line, &chat, &user);
            }
            "user presses data:" => {
                let newest = self
                    .bot()
                    .emu
                    .messages(self.chat.id)
                    .into_iter()
                    .rev()
                    .find(|m| m.from_bot);
                let id = newest
                    .unwrap_or_else(|| self.fail(line, "no bot message".into()))
                    .message_id;
                self.last_callback = Some(
                    self.bot()
                        .emu
                        .press_button(&self.chat, &self.user, id, &line.body),
                );
            }
            "bot:" | "bot~" => self.expect_bot(line).await,
            "buttons:" => {
                let (chat, id) = (self.chat.id, self.last_bot_message);
                self.expect_buttons_of(line, chat, id);
            }
            "notice~" => self.expect_notice(line).await,
            "deleted:" => self.expect_deleted(line).await,
            "no email" | "no sms" => self.expect_nothing_delivered(line).await,
            "clock:" => self.bot().clock.advance(
                parse_duration(&line.body)
                    .unwrap_or_else(|| self.fail(line, "bad duration".into())),
            ),
            "audit:" => self.expect_audit(line).await,
            "telegram fails:" => {
                let (method, fault, times) =
                    parse_fault(&line.body).unwrap_or_else(|| self.fail(line, "bad fault".into()));
                self.bot().emu.inject(method, fault, times);
            }
            "restart" => {
                let bot = self.bot.take().expect("a running bot");
                self.bot = Some(bot.restart().await);
            }
            head if head.starts_with("email to") || head.starts_with("sms to") => {
                self.expect_delivery(line).await
            }
            _ => self.fail(line, "unknown line".into()),
        }
    }

    fn expand(&self, text: &str) -> String {
        let code = self.code.clone().unwrap_or_default();
        let wrong = code
            .parse::<u32>()
            .map(|c| format!("{:06}", (c + 1) % 1_000_000))
            .unwrap_or_else(|_| "000000".into());
        text.replace("{code}", &code)
            .replace("{wrong code}", &wrong)
            .replace("{text 4096}", &"a".repeat(4096))
    }

    fn sent_events(&self) -> Vec<(usize, i32, String)> {
        self.bot()
            .emu
            .events()
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Sent {
                    chat_id,
                    message_id,
                    text,
                    ..
                } if chat_id == self.chat.id => Some((i, message_id, text)),
                _ => None,
            })
            .collect()
    }

    async fn finish(self) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut extra: Vec<_> = self
            .sent_events()
            .into_iter()
            .filter(|(i, ..)| *i >= self.cursor)
            .map(|(.., text)| text)
            .collect();
        extra.extend(
            self.staff_events()
                .into_iter()
                .filter(|(i, ..)| *i >= self.staff_cursor)
                .map(|(.., text)| format!("(staff chat) {text}")),
        );
        assert!(
            extra.is_empty(),
            "dialogues/{}: the bot also said {extra:#?}",
            self.name
        );
        let unused = self.bot().emu.faults_pending();
        assert!(
            unused.is_empty(),
            "dialogues/{}: faults never struck: {unused:?}",
            self.name
        );
        if let Some(bot) = self.bot {
            bot.stop().await;
        }
    }
}
