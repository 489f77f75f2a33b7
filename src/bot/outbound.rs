//! Every call the bot makes to Telegram goes through [`Tg`]: for a call that shows
//! something new (a message, a copy, a topic), the store's writes made before it are
//! flushed first, so nothing appears before what led to it is on disk (see
//! [`super::repeats`]; a no-op when nothing was written since the last flush). Deleting
//! a message, editing one, answering a button press may be done again after a crash
//! without anyone seeing a difference, so they do not wait for the disk. Then Telegram's
//! limits on sending (see [`super::limits`]), and retries with backoff of what
//! fails transiently — 429 with `retry_after`, 5xx, and broken connections — within a
//! bounded time.
//!
//! Call sites read as with a plain teloxide bot (`bot.send_message(chat, text)
//! .reply_markup(k).await?`): the request builders are teloxide's, wrapped in
//! [`Retrying`], whose `.await` retries. Handlers of one chat run one after another and
//! each call is awaited before the next, so a chat's messages arrive in order; a call is
//! repeated only after Telegram answered with an error or the connection failed, so a
//! message is sent twice only if a connection breaks after Telegram took the message
//! and before its answer arrived (nobody can tell these apart).
//!
//! Logs name the method and the error, never the text of a message.

use std::future::IntoFuture;
use std::time::Duration;

use futures::future::BoxFuture;
use teloxide::prelude::*;
use teloxide::requests::{HasPayload, Output};
use teloxide::types::{BotCommand, CallbackQueryId, ChatAction, MessageId, Recipient};
use teloxide::RequestError;

use super::limits::SendLimits;
use super::retry::send_with_retries;
use crate::store::GroupFlush;

/// The bot as handlers use it. Cheap to clone.
#[derive(Clone)]
pub struct Tg {
    inner: Bot,
    limits: SendLimits,
    retry_for: Duration,
    durable: GroupFlush,
}

/// A teloxide request whose `.await` retries transient failures (see the module docs).
/// Setters (`.reply_markup(..)`, `.message_thread_id(..)`, ...) work as on the request.
#[must_use = "requests do nothing unless awaited"]
pub struct Retrying<R> {
    request: R,
    retry_for: Duration,
    /// Flushed before the call, for calls that show something new.
    durable: Option<GroupFlush>,
    /// For messages: the chat, whose turn under the send limits each attempt waits for.
    turn: Option<(SendLimits, Recipient)>,
}

type Of<M> = Retrying<M>;
type T = Bot;

impl Tg {
    /// `retry_for` bounds the time one call may take with its retries (`[telegram]
    /// retry_for_secs`); after it the call fails and the failure is logged. `durable` is
    /// the store's flush, done before each call that shows something new.
    pub fn new(inner: Bot, limits: SendLimits, retry_for: Duration, durable: GroupFlush) -> Tg {
        Tg {
            inner,
            limits,
            retry_for,
            durable,
        }
    }

    /// The bot without limits or retries (for polling and [`super::dispatch`]).
    pub fn inner(&self) -> &Bot {
        &self.inner
    }

    fn wrap<R>(&self, request: R) -> Retrying<R> {
        Retrying {
            request,
            retry_for: self.retry_for,
            durable: None,
            turn: None,
        }
    }

    /// A call that shows something new: the store's writes before it are flushed first.
    fn shown<R>(&self, request: R) -> Retrying<R> {
        Retrying {
            durable: Some(self.durable.clone()),
            ..self.wrap(request)
        }
    }

    /// A message into `chat`: it counts against the send limits.
    fn message<R>(&self, chat: Recipient, request: R) -> Retrying<R> {
        Retrying {
            turn: Some((self.limits.clone(), chat)),
            ..self.shown(request)
        }
    }

    pub fn send_message<C, S>(&self, chat_id: C, text: S) -> Of<<T as Requester>::SendMessage>
    where
        C: Into<Recipient>,
        S: Into<String>,
    {
        let chat = chat_id.into();
        self.message(chat.clone(), self.inner.send_message(chat, text))
    }

    pub fn copy_message<C, F>(
        &self,
        chat_id: C,
        from_chat_id: F,
        message_id: MessageId,
    ) -> Of<<T as Requester>::CopyMessage>
    where
        C: Into<Recipient>,
        F: Into<Recipient>,
    {
        let chat = chat_id.into();
        let request = self
            .inner
            .copy_message(chat.clone(), from_chat_id, message_id);
        self.message(chat, request)
    }

    pub fn edit_message_text<C, S>(
        &self,
        chat_id: C,
        message_id: MessageId,
        text: S,
    ) -> Of<<T as Requester>::EditMessageText>
    where
        C: Into<Recipient>,
        S: Into<String>,
    {
        self.wrap(self.inner.edit_message_text(chat_id, message_id, text))
    }

    pub fn edit_message_reply_markup<C>(
        &self,
        chat_id: C,
        message_id: MessageId,
    ) -> Of<<T as Requester>::EditMessageReplyMarkup>
    where
        C: Into<Recipient>,
    {
        self.wrap(self.inner.edit_message_reply_markup(chat_id, message_id))
    }

    pub fn delete_message<C>(
        &self,
        chat_id: C,
        message_id: MessageId,
    ) -> Of<<T as Requester>::DeleteMessage>
    where
        C: Into<Recipient>,
    {
        self.wrap(self.inner.delete_message(chat_id, message_id))
    }

    pub fn delete_messages<C, M>(
        &self,
        chat_id: C,
        message_ids: M,
    ) -> Of<<T as Requester>::DeleteMessages>
    where
        C: Into<Recipient>,
        M: IntoIterator<Item = MessageId>,
    {
        self.wrap(self.inner.delete_messages(chat_id, message_ids))
    }

    pub fn answer_callback_query(
        &self,
        callback_query_id: CallbackQueryId,
    ) -> Of<<T as Requester>::AnswerCallbackQuery> {
        self.wrap(self.inner.answer_callback_query(callback_query_id))
    }

    pub fn create_forum_topic<C, N>(
        &self,
        chat_id: C,
        name: N,
    ) -> Of<<T as Requester>::CreateForumTopic>
    where
        C: Into<Recipient>,
        N: Into<String>,
    {
        self.shown(self.inner.create_forum_topic(chat_id, name))
    }

    pub fn send_chat_action<C>(
        &self,
        chat_id: C,
        action: ChatAction,
    ) -> Of<<T as Requester>::SendChatAction>
    where
        C: Into<Recipient>,
    {
        self.wrap(self.inner.send_chat_action(chat_id, action))
    }

    pub fn set_my_commands<C>(&self, commands: C) -> Of<<T as Requester>::SetMyCommands>
    where
        C: IntoIterator<Item = BotCommand>,
    {
        self.wrap(self.inner.set_my_commands(commands))
    }

    pub fn get_me(&self) -> Of<<T as Requester>::GetMe> {
        self.wrap(self.inner.get_me())
    }

    pub fn get_webhook_info(&self) -> Of<<T as Requester>::GetWebhookInfo> {
        self.wrap(self.inner.get_webhook_info())
    }

    pub fn set_webhook(&self, url: reqwest::Url) -> Of<<T as Requester>::SetWebhook> {
        self.wrap(self.inner.set_webhook(url))
    }

    pub fn delete_webhook(&self) -> Of<<T as Requester>::DeleteWebhook> {
        self.wrap(self.inner.delete_webhook())
    }
}

impl<R: HasPayload> HasPayload for Retrying<R> {
    type Payload = R::Payload;

    fn payload_mut(&mut self) -> &mut Self::Payload {
        self.request.payload_mut()
    }

    fn payload_ref(&self) -> &Self::Payload {
        self.request.payload_ref()
    }
}

impl<R> IntoFuture for Retrying<R>
where
    R: Request<Err = RequestError> + Send + Sync + 'static,
    R::SendRef: Send,
    Output<R>: Send + serde::de::DeserializeOwned,
{
    type Output = Result<Output<R>, RequestError>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            if let Some(durable) = &self.durable {
                if let Err(error) = durable.flush().await {
                    // The explicit flushes before replies that grant or consume something
                    // have failed the handler already; what is left is worth sending.
                    let method = <R::Payload as teloxide::requests::Payload>::NAME;
                    tracing::error!(method, %error, "cannot flush the store before a Telegram call");
                }
            }
            send_with_retries(self.request, self.retry_for, self.turn).await
        })
    }
}
