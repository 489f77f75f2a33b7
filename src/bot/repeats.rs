//! The guard every update passes (see `App::build`): each update is handled at most once,
//! also across a crash, and what handling it wrote is on disk when it is done.
//!
//! After a crash, polling fetches again the updates whose offset Telegram had not yet been
//! told about. An update's id is recorded before it is handled, and an id seen before is
//! skipped. The record reaches the disk no later than anything the handler did: sled
//! writes one log and a flush makes every earlier write durable, so the record is on disk
//! once any later write is, and every message to Telegram, e-mail or SMS flushes first
//! ([`crate::bot::outbound`], the delivery worker; a deleted or edited message needs no
//! flush, as doing it again after a crash changes nothing). A crash while an update is being
//! handled therefore never doubles it: if nothing it did survived, it is handled afresh;
//! otherwise what its handler had done stays, the rest is lost (the user may see no
//! answer and send again). When the handler is done, the store is flushed, so a crash
//! right after an update was handled loses none of its writes.

use crate::store::Store;
use std::ops::ControlFlow;
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree;
use teloxide::types::Update;

/// Runs `schema` for updates not seen before, and flushes the store after each.
pub fn guard(schema: UpdateHandler<anyhow::Error>) -> UpdateHandler<anyhow::Error> {
    let guard: UpdateHandler<anyhow::Error> = dptree::from_fn_with_description(
        <DpHandlerDescription as dptree::HandlerDescription>::entry(),
        |deps: dptree::di::DependencyMap, cont| async move {
            let (Some(update), Some(store)) = (deps.try_get::<Update>(), deps.try_get::<Store>())
            else {
                return cont(deps).await;
            };
            if !first_time(&update, &store) {
                return ControlFlow::Break(Ok(()));
            }
            let outcome = cont(deps).await;
            match store.flush().await {
                Ok(()) => tracing::debug!(update = update.id.0, "update handled"),
                Err(error) => {
                    tracing::error!(update = update.id.0, %error, "cannot flush the store after an update")
                }
            }
            outcome
        },
        dptree::HandlerSignature::Entry,
    );
    guard.chain(schema)
}

/// True for an update the bot has not taken in before. A store that cannot record it
/// lets the update through (handling it is better than dropping it); the error is logged.
fn first_time(update: &Update, store: &Store) -> bool {
    match store.first_time_update(update.id.0) {
        Ok(true) => true,
        Ok(false) => {
            tracing::info!(
                update = update.id.0,
                "skipping an update handled before a restart"
            );
            false
        }
        Err(error) => {
            tracing::error!(update = update.id.0, %error, "cannot record the update as handled");
            true
        }
    }
}
