//! The demo's chat in a terminal: the person at the keyboard is one Telegram
//! user talking to the bot in their private chat; bot messages, edits,
//! deletions, callback notices and "sent" e-mails/SMS (files appearing in the
//! outbox directory) are printed as they happen.
//!
//! With a [`StaffSeat`], `:as agent` switches to a support agent writing in the
//! staff chat (into the current forum topic, if the chat has topics) and `:as user`
//! switches back; the staff chat's messages are shown too, marked `staff`.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

mod show;
mod staff;

pub use staff::StaffSeat;
use staff::{chat_title, STAFF_HELP};

use super::outbox::Outbox;
use super::{Button, ChatSpec, Emulator, UserContent, UserMessage, UserSpec, BOT_USERNAME};

/// After end of input, keep showing bot output until it has been quiet this long.
const DRAIN_QUIET: Duration = Duration::from_millis(1500);
const OUTBOX_POLL: Duration = Duration::from_millis(300);

/// Chats on stdin/stdout as `user` (or, after `:as agent`, as the staff seat's agent)
/// until `:quit` or end of input.
pub async fn chat_in_terminal(
    emu: Emulator,
    user: UserSpec,
    staff: Option<StaffSeat>,
    outbox: PathBuf,
) -> anyhow::Result<()> {
    let input = BufReader::new(tokio::io::stdin());
    run_chat(emu, user, staff, outbox, input, std::io::stdout()).await
}

/// The testable core of [`chat_in_terminal`]: reads lines from `input`, writes to `out`.
pub async fn run_chat<R, W>(
    emu: Emulator,
    user: UserSpec,
    staff: Option<StaffSeat>,
    outbox: PathBuf,
    input: R,
    out: W,
) -> anyhow::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: Write,
{
    let mut chat = TerminalChat {
        chat: ChatSpec::private(&user),
        emu: emu.clone(),
        user,
        staff,
        as_agent: false,
        topic: None,
        out,
        pressed: HashSet::new(),
    };
    let mut events = emu.subscribe();
    tokio::fs::create_dir_all(&outbox).await?;
    let mut outbox = Outbox::open(outbox).await;
    chat.intro(&outbox.dir)?;
    let mut lines = input.lines();
    let mut tick = tokio::time::interval(OUTBOX_POLL);
    let mut drain_until: Option<Instant> = None;
    loop {
        tokio::select! {
            line = lines.next_line(), if drain_until.is_none() => match line? {
                Some(line) => {
                    if chat.input(line.trim())? == Flow::Quit {
                        break;
                    }
                }
                None => drain_until = Some(Instant::now() + DRAIN_QUIET),
            },
            event = events.recv() => match event {
                Ok(event) => {
                    if chat.show(&event)? {
                        drain_until = drain_until.map(|_| Instant::now() + DRAIN_QUIET);
                    }
                }
                Err(RecvError::Lagged(n)) => writeln!(chat.out, "(missed {n} bot actions)")?,
                Err(RecvError::Closed) => break,
            },
            _ = tick.tick() => {
                if outbox.poll(&mut chat.out).await? {
                    drain_until = drain_until.map(|_| Instant::now() + DRAIN_QUIET);
                }
                if drain_until.is_some_and(|until| Instant::now() >= until) {
                    break;
                }
            }
        }
        chat.out.flush()?;
    }
    writeln!(chat.out, "(chat ended)")?;
    chat.out.flush()?;
    Ok(())
}

#[derive(PartialEq)]
enum Flow {
    Continue,
    Quit,
}

struct TerminalChat<W> {
    emu: Emulator,
    user: UserSpec,
    chat: ChatSpec,
    staff: Option<StaffSeat>,
    /// Typing as the agent in the staff chat (else as the user in their chat).
    as_agent: bool,
    /// The staff chat's topic the agent writes in (None: outside topics).
    topic: Option<i32>,
    out: W,
    /// Callback query ids this terminal produced (their answers are shown).
    pressed: HashSet<String>,
}

const HELP: &str = concat!(
    "  type a message and press Enter to send it\n",
    "  #N          press button N of the latest bot message with buttons\n",
    "  :sticker    send a sticker        :photo    send a photo\n",
    "  :voice      send a voice message  :contact +15551234567  share your phone number\n",
    "  :help       show this help        :quit     leave (Ctrl-D works too)",
);

impl<W: Write> TerminalChat<W> {
    fn intro(&mut self, outbox: &Path) -> std::io::Result<()> {
        let (name, id) = (&self.user.first_name, self.user.id);
        writeln!(
            self.out,
            "Chat with @{BOT_USERNAME} as {name} (Telegram user {id}):"
        )?;
        if let Some(staff) = &self.staff {
            let (agent, title) = (&staff.agent.first_name, chat_title(&staff.chat));
            writeln!(
                self.out,
                "and, after :as agent, as {agent} (a support agent) in the staff chat “{title}”:"
            )?;
        }
        writeln!(self.out, "{HELP}")?;
        if self.staff.is_some() {
            writeln!(self.out, "{STAFF_HELP}")?;
        }
        let outbox = outbox.display();
        writeln!(
            self.out,
            "  e-mails and SMS the bot sends (files in {outbox}) show up here too"
        )?;
        writeln!(self.out)?;
        self.out.flush()
    }

    /// Who types now and where: (chat, user).
    fn seat(&self) -> (ChatSpec, UserSpec) {
        match &self.staff {
            Some(staff) if self.as_agent => (staff.chat.clone(), staff.agent.clone()),
            _ => (self.chat.clone(), self.user.clone()),
        }
    }

    /// Sends as the current seat; the agent writes in the current topic.
    fn send(&mut self, message: UserMessage) -> i32 {
        let (chat, user) = self.seat();
        let message = match self.topic.filter(|_| self.as_agent) {
            Some(topic) if message.thread_id.is_none() => message.in_thread(topic),
            _ => message,
        };
        self.emu.send_user_message(&chat, &user, message)
    }

    fn input(&mut self, line: &str) -> std::io::Result<Flow> {
        if self.staff_input(line)?.is_some() {
            return Ok(Flow::Continue);
        }
        let (emu, (chat, user)) = (self.emu.clone(), self.seat());
        let (emu, chat, user) = (&emu, &chat, &user);
        match line {
            "" => {}
            ":quit" | ":q" | ":exit" => return Ok(Flow::Quit),
            ":help" => {
                writeln!(self.out, "{HELP}")?;
                if self.staff.is_some() {
                    writeln!(self.out, "{STAFF_HELP}")?;
                }
            }
            ":sticker" => {
                self.send(UserMessage::new(UserContent::Sticker));
                writeln!(self.out, "(you sent a sticker 👍)")?;
            }
            ":photo" => {
                self.send(UserMessage::new(UserContent::Photo));
                writeln!(self.out, "(you sent a photo)")?;
            }
            ":voice" => {
                self.send(UserMessage::new(UserContent::Voice));
                writeln!(self.out, "(you sent a voice message)")?;
            }
            _ if line.starts_with(":contact") => match line[":contact".len()..].trim() {
                "" => writeln!(self.out, "(usage: :contact +15551234567)")?,
                phone => {
                    emu.send_contact(chat, user, phone);
                    writeln!(self.out, "(you shared your phone number {phone})")?;
                }
            },
            _ if line.starts_with(':') => {
                writeln!(self.out, "(unknown command {line}; :help lists them)")?
            }
            _ => match line.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => self.press(n)?,
                None => {
                    self.send(UserMessage::text(line));
                }
            },
        }
        Ok(Flow::Continue)
    }

    fn press(&mut self, n: usize) -> std::io::Result<()> {
        let (chat, user) = self.seat();
        let latest = self
            .emu
            .messages(chat.id)
            .into_iter()
            .rev()
            .find(|m| m.from_bot && !m.deleted && !m.buttons.is_empty());
        let Some(message) = latest else {
            return writeln!(self.out, "(no bot message has buttons)");
        };
        let button = message.buttons.iter().flatten().nth(n.wrapping_sub(1));
        match button {
            Some(Button {
                callback_data: Some(data),
                ..
            }) => {
                let id = self
                    .emu
                    .press_button(&chat, &user, message.message_id, data);
                self.pressed.insert(id);
            }
            Some(Button {
                url: Some(url),
                text,
                ..
            }) => {
                writeln!(
                    self.out,
                    "(“{text}” opens {url}; the demo does not open links)"
                )?;
            }
            Some(Button { text, .. }) => writeln!(self.out, "(“{text}” is not a callback button)")?,
            None => writeln!(self.out, "(there is no button {n})")?,
        }
        Ok(())
    }
}
