//! The flows' views of the services: each flow's methods live on its own view
//! (`svc.recovery().request_code(…)`, `svc.settings().sign_in(…)`), over the parts every
//! flow shares (`Deref` to [`Services`]: the config, the store, the clock, the audit
//! writer). A view is a borrowed pointer, free to make.

use super::Services;

macro_rules! flow {
    ($(#[$doc:meta])* $name:ident, $accessor:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'a>(&'a Services);

        impl std::ops::Deref for $name<'_> {
            type Target = Services;

            fn deref(&self) -> &Services {
                self.0
            }
        }

        impl Services {
            $(#[$doc])*
            pub fn $accessor(&self) -> $name<'_> {
                $name(self)
            }
        }
    };
}

flow!(
    /// Codes for every purpose, the recovery lock, the reset window, choosing and storing
    /// a password (`recovery/`).
    RecoveryFlow,
    recovery
);
flow!(
    /// The settings sign-in with its waits and locks, sessions, edits, new contacts, what
    /// a chat may see of its account (`settings/`).
    SettingsFlow,
    settings
);
flow!(
    /// Change requests, decisions on them, linked chats, what is pushed to them
    /// (`approvals/`).
    ApprovalsFlow,
    approvals
);
flow!(
    /// Tickets, agents, reports, where tickets live in the staff chat (`support/`).
    SupportFlow,
    support
);
