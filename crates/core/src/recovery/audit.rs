//! Writing audit events: the one place that stamps, counts and stores them. It sits
//! beside `Services` (the `audit` module holds the events only, so the store and the
//! metrics can name them without depending back on the flows).

use super::{Actor, Services};
use crate::audit::{AuditEvent, AuditRecord};

impl Services {
    /// An event of a user in a private chat (whose id is the user's id).
    pub fn audit(&self, actor: Actor, account: Option<&str>, event: AuditEvent) {
        let user = actor.chat_id.map(|c| format!("user:{c}"));
        self.audit_as(user, actor.chat_id, account, event);
    }

    /// Writes one audit event; a failure to write is logged, never shown to the user.
    pub fn audit_as(
        &self,
        actor: impl Into<Option<String>>,
        chat_id: Option<i64>,
        account: Option<&str>,
        event: AuditEvent,
    ) {
        self.metrics.observe(&event);
        let record = AuditRecord {
            at: self.clock.now(),
            actor: actor.into(),
            chat_id,
            account: account.map(str::to_owned),
            event,
        };
        if let Err(e) = self.store.audit(record) {
            self.metrics.audit_write_errors.inc();
            tracing::error!(error = %e, "could not write an audit event");
        }
    }
}
