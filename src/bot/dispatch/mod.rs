//! Hands each update to the handler tree: the updates of one chat one after another, in
//! the order they came; different chats side by side.
//!
//! teloxide's `Dispatcher` keeps a task per chat that lives on while idle. Once there are
//! more of those than were ever busy at once, it ends every idle one and waits for each in
//! turn before it takes the next update. With password resets in flight that happened for
//! most updates: polling stopped for milliseconds at a time (for up to 350 ms while hashing
//! kept the CPUs busy), and a chat's next update spawned its task again. Here a chat's
//! task ends by itself when its queue is empty, and nothing waits for it.
//!
//! Nothing here waits for a chat: the loop takes the next update at once, whatever any
//! chat is doing. An update is dropped instead when its user is over the inbound limit
//! (see [`super::inbound`]) or its chat's queue is full; every drop goes through
//! [`Shared::drop_update`], which hands it to the bot's [`OnDrop`] hook.

use futures::{FutureExt, StreamExt};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use teloxide::dispatching::UpdateHandler;
use teloxide::dptree;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, Me};
use teloxide::update_listeners::UpdateListener;
use tokio::task::JoinSet;

use super::inbound::{Admission, Inbound, InboundRules};

/// The kinds of update the schema handles (`bot::schema`); Telegram sends no others.
pub const UPDATE_KINDS: [AllowedUpdate; 2] = [AllowedUpdate::Message, AllowedUpdate::CallbackQuery];

/// Updates of one chat that may wait for their turn; what a chat sends beyond them is
/// dropped.
pub const QUEUE_PER_CHAT: usize = 64;

/// Why an update was dropped unhandled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// Its user was over the inbound limit.
    Flooding,
    /// Its chat already had [`QUEUE_PER_CHAT`] updates waiting.
    QueueFull,
}

/// An update dropped unhandled, as the bot's [`OnDrop`] hook gets it.
pub struct Dropped {
    pub update: Update,
    pub reason: DropReason,
    /// The first drop of its user's flooding episode (see [`super::inbound`]).
    pub first_of_episode: bool,
}

/// Called for every dropped update, on the update loop: it must not wait for anything.
pub type OnDrop = Arc<dyn Fn(Dropped) + Send + Sync>;

/// What every update is handled with.
pub struct Dispatch {
    handler: UpdateHandler<anyhow::Error>,
    deps: dptree::di::DependencyMap,
    errors: Arc<dyn ErrorHandler<anyhow::Error> + Send + Sync>,
    /// Told the id of every update once it is done with (see [`Dispatch::when_done`]).
    done: Option<Done>,
    inbound: Option<Inbound>,
    on_drop: Option<OnDrop>,
}

/// Called with an update's id once the update was handled or dropped.
pub type Done = Arc<dyn Fn(u32) + Send + Sync>;

/// Shared by the loop and the chats' tasks.
struct Shared {
    dispatch: Dispatch,
    /// A chat is here while its task runs, with the updates waiting behind the current one.
    chats: Mutex<HashMap<ChatId, VecDeque<Update>>>,
}

impl Dispatch {
    /// `errors` gets what a handler returns as an error; updates nothing handles are
    /// logged at debug level.
    pub fn new(
        handler: UpdateHandler<anyhow::Error>,
        deps: dptree::di::DependencyMap,
        errors: Arc<dyn ErrorHandler<anyhow::Error> + Send + Sync>,
    ) -> Dispatch {
        Dispatch {
            handler,
            deps,
            errors,
            done: None,
            inbound: None,
            on_drop: None,
        }
    }

    /// Calls `done` with the id of every update once it is done with, handled or dropped
    /// (the webhook's inbox then lets go of it).
    pub fn when_done(mut self, done: Done) -> Dispatch {
        self.done = Some(done);
        self
    }

    /// Drops the updates of a user over `rules`; every dropped update goes to `on_drop`.
    pub fn limit_inbound(mut self, rules: InboundRules, on_drop: OnDrop) -> Dispatch {
        self.inbound = Some(Inbound::new(rules));
        self.on_drop = Some(on_drop);
        self
    }

    /// Serves the updates of `listener` until its stream ends, then waits for the updates
    /// in flight. Handlers also get `bot` and its `me` (from getMe), as under teloxide's
    /// dispatcher.
    pub async fn run<L>(
        mut self,
        bot: &Bot,
        me: Me,
        mut listener: L,
        listener_errors: Arc<dyn ErrorHandler<L::Err> + Send + Sync>,
    ) where
        L: UpdateListener,
    {
        self.deps.insert(me);
        self.deps.insert(bot.clone());
        listener.hint_allowed_updates(&mut UPDATE_KINDS.into_iter());
        let shared = Arc::new(Shared {
            dispatch: self,
            chats: Mutex::default(),
        });
        let mut tasks = JoinSet::new();
        let updates = listener.as_stream();
        tokio::pin!(updates);
        while let Some(update) = updates.next().await {
            while tasks.try_join_next().is_some() {}
            match update {
                Ok(update) => shared.take(update, &mut tasks),
                Err(error) => listener_errors.clone().handle_error(error).await,
            }
        }
        while tasks.join_next().await.is_some() {}
    }
}

impl Shared {
    fn chats(&self) -> std::sync::MutexGuard<'_, HashMap<ChatId, VecDeque<Update>>> {
        // The map stays consistent whatever panicked while it was held.
        self.chats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `update` behind its chat's, starts a task for it, or drops it; never waits.
    fn take(self: &Arc<Self>, update: Update, tasks: &mut JoinSet<()>) {
        let user = update.from().map(|u| u.id.0);
        let now = std::time::Instant::now();
        if let (Some(inbound), Some(user)) = (&self.dispatch.inbound, user) {
            if let Admission::Dropped { first } = inbound.admit(user, now) {
                return self.drop_update(update, DropReason::Flooding, first);
            }
        }
        let Some(chat) = update.chat().map(|c| c.id) else {
            // Nothing to keep in order with (inline queries, polls, …).
            let shared = self.clone();
            tasks.spawn(async move { shared.handle(update).await });
            return;
        };
        {
            let mut chats = self.chats();
            match chats.entry(chat) {
                Entry::Vacant(entry) => {
                    entry.insert(VecDeque::new());
                    let shared = self.clone();
                    tasks.spawn(async move { shared.serve(chat, Some(update)).await });
                    return;
                }
                Entry::Occupied(mut entry) if entry.get().len() < QUEUE_PER_CHAT => {
                    entry.get_mut().push_back(update);
                    return;
                }
                Entry::Occupied(_) => {}
            }
        }
        let inbound = self.dispatch.inbound.as_ref();
        let first = inbound.zip(user).is_some_and(|(i, u)| i.overflowed(u, now));
        self.drop_update(update, DropReason::QueueFull, first);
    }

    /// The one place an update is dropped unhandled.
    fn drop_update(&self, update: Update, reason: DropReason, first_of_episode: bool) {
        tracing::debug!(update = update.id.0, ?reason, "update dropped");
        if let Some(done) = &self.dispatch.done {
            done(update.id.0);
        }
        if let Some(on_drop) = &self.dispatch.on_drop {
            on_drop(Dropped {
                update,
                reason,
                first_of_episode,
            });
        }
    }

    /// A chat's task: its updates one after another, until none is waiting.
    async fn serve(self: Arc<Self>, chat: ChatId, first: Option<Update>) {
        let mut next = first;
        while let Some(update) = next {
            self.handle(update).await;
            let mut chats = self.chats();
            next = chats.get_mut(&chat).and_then(VecDeque::pop_front);
            if next.is_none() {
                chats.remove(&chat);
            }
        }
    }

    /// Runs the handler tree on one update. A panic is logged and ends only this update.
    async fn handle(&self, update: Update) {
        let id = update.id.0;
        let mut deps = self.dispatch.deps.clone();
        deps.insert(update);
        let handled = AssertUnwindSafe(self.dispatch.handler.dispatch(deps)).catch_unwind();
        match handled.await {
            Ok(ControlFlow::Break(Ok(()))) => {}
            Ok(ControlFlow::Break(Err(error))) => {
                self.dispatch.errors.clone().handle_error(error).await
            }
            Ok(ControlFlow::Continue(_)) => tracing::debug!(update = id, "update not handled"),
            Err(_) => tracing::error!(update = id, "a handler panicked"),
        }
        if let Some(done) = &self.dispatch.done {
            done(id);
        }
    }
}

#[cfg(test)]
mod tests;
