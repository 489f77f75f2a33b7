//! A handler that fails (the store refusing a write when the disk is full, say) must not
//! leave the user waiting in silence: the chat is told, in its language, that something
//! went wrong on our side and to try again later. The cause itself goes to the log through
//! the dispatcher's error handler; the user never sees it.

use super::{reply, Tg};
use crate::metrics::Metrics;
use crate::recovery::Services;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::sync::Arc;
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree::{self, di::DependencyMap, HandlerDescription, HandlerSignature};
use teloxide::types::Update;

/// Wraps the whole dialogue graph: any handler error is answered with `error-internal`
/// before it is passed on to be logged.
pub fn answered(handler: UpdateHandler<anyhow::Error>) -> UpdateHandler<anyhow::Error> {
    let guard = dptree::from_fn_with_description(
        DpHandlerDescription::entry(),
        |deps: DependencyMap, cont| async move {
            let outcome = cont(deps.clone()).await;
            if let ControlFlow::Break(Err(error)) = &outcome {
                tell(&deps, error).await;
            }
            outcome
        },
        HandlerSignature::Other {
            obligations: BTreeMap::new(),
            guaranteed_outcomes: BTreeSet::new(),
            conditional_outcomes: BTreeSet::new(),
            continues: true,
        },
    );
    guard.chain(handler)
}

async fn tell(deps: &DependencyMap, error: &anyhow::Error) {
    let (Some(update), Some(bot), Some(svc)) = (
        deps.try_get::<Update>(),
        deps.try_get::<Tg>(),
        deps.try_get::<Services>(),
    ) else {
        return;
    };
    let Some(chat) = update.chat().map(|c| c.id) else {
        return;
    };
    tracing::warn!(chat = chat.0, error = %format!("{error:#}"), "a handler failed; the user is told to try again later");
    let telegram = update.from().and_then(|u| u.language_code.as_deref());
    let tr = svc.translator(chat.0, telegram);
    if let Err(error) = reply::say(&bot, chat, tr.t("error-internal")).await {
        tracing::warn!(%error, "could not tell the user about the failure");
    }
}

/// The dispatcher's error handler: counts handler errors and logs them.
pub struct CountingErrors(pub Arc<Metrics>);

impl teloxide::error_handlers::ErrorHandler<anyhow::Error> for CountingErrors {
    fn handle_error(
        self: Arc<Self>,
        error: anyhow::Error,
    ) -> futures::future::BoxFuture<'static, ()> {
        self.0.errors.inc();
        tracing::error!(error = %format!("{error:#}"), "a handler failed");
        Box::pin(async {})
    }
}
