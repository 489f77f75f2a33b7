//! What the core keeps, as plain data: change requests and support tickets. The store
//! persists them, the audit log names them, the flows change them; this module depends on
//! none of those, so they can all depend on it.

pub mod change;
pub mod ticket;
