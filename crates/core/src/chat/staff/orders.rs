//! The agents' commands as they typed them, parsed and carried out.

use super::desk::{Desk, Work};
use crate::chat::Reply;
use crate::support::ticket::Body;

/// An agent's command with its argument as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Order {
    Tickets,
    Stats,
    Account(String),
    Unlock(String),
    Take(String),
    Close(String),
    Reply(String),
}

/// A ticket number as agents type it: `12` or `#12`.
pub fn ticket_number(text: &str) -> Option<u64> {
    text.trim().trim_start_matches('#').parse().ok()
}

impl Desk<'_> {
    /// Carries out `order`, typed in message `source`; a malformed one gets its usage.
    pub async fn order(&self, order: Order, source: i32) -> anyhow::Result<Work> {
        let usage = |key| Ok(Work::answer(Reply::key(key)));
        match order {
            Order::Tickets => Ok(Work::answer(self.tickets()?)),
            Order::Stats => Ok(Work::answer(self.stats()?)),
            Order::Account(needle) | Order::Unlock(needle) if needle.trim().is_empty() => {
                usage("staff-usage-account")
            }
            Order::Account(needle) => Ok(Work::answer(self.account(&needle)?)),
            Order::Unlock(needle) => self.unlock(&needle).await,
            Order::Take(arg) => match ticket_number(&arg) {
                Some(id) => self.take(id).await,
                None => usage("staff-usage-take"),
            },
            Order::Close(arg) => {
                let (number, note) = arg.trim().split_once(' ').unwrap_or((arg.trim(), ""));
                match ticket_number(number) {
                    Some(id) => self.close(id, Some(note)).await,
                    None => usage("staff-usage-close"),
                }
            }
            Order::Reply(arg) => {
                let parsed = arg
                    .trim()
                    .split_once(char::is_whitespace)
                    .and_then(|(n, text)| Some((ticket_number(n)?, text.trim())))
                    .filter(|(_, text)| !text.is_empty());
                match parsed {
                    Some((id, text)) => self.reply(id, text, source).await,
                    None => usage("staff-usage-reply"),
                }
            }
        }
    }

    /// A message in a ticket's topic, or a reply to one of its messages.
    pub async fn relay(&self, ticket: u64, body: Body, source: i32) -> anyhow::Result<Work> {
        self.answer(ticket, body, source, false).await
    }

    /// Take or Close pressed on a ticket's card.
    pub async fn press(&self, take: bool, id: u64) -> anyhow::Result<Work> {
        if take {
            self.take(id).await
        } else {
            self.close(id, None).await
        }
    }
}
