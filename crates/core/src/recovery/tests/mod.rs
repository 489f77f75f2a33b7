//! The reset codes and the recovery lock, driven through `Services` with a manual clock:
//! a code is delivered and works once, runs out, counts wrong tries and voids itself;
//! resends wait and are limited ([`codes`]); too many wrong codes lock recovery until the
//! time is up ([`lock`]); an unknown identifier gets the same answers and the same work,
//! and no message.

mod codes;
mod lock;
mod reset;

use super::{Actor, CodeCheck, CodeRequest};
use crate::audit::{AuditEvent, CodeRejection};
use crate::clock::Clock;
use crate::domain::{Identifier, OneTimeCode};
use crate::support::ticket::AgentRef;
use crate::testing::{services_with, Fixture};
use std::time::Duration;

const CHAT: Actor = Actor { chat_id: Some(7) };
const ALICE: &str = "alice@example.com";
const ALICE_PHONE: &str = "+4915112345678";
const NOBODY: &str = "nobody@example.com";

/// Services without the reply padding, which only pads the time.
fn fixture() -> Fixture {
    services_with(|config| config.codes.reply_padding = Duration::ZERO)
}

fn id(text: &str) -> Identifier {
    Identifier::parse(text).expect("identifier")
}

/// A code that is not `code`.
fn other_than(code: &OneTimeCode) -> OneTimeCode {
    let n: u32 = code.expose().parse().expect("digits");
    OneTimeCode::parse(&format!("{:06}", (n + 1) % 1_000_000)).expect("code")
}

async fn request(f: &Fixture, to: &str) -> CodeRequest {
    f.svc
        .recovery()
        .request_code(&id(to), "en", CHAT)
        .await
        .expect("request")
}

async fn check(f: &Fixture, to: &str, code: &OneTimeCode) -> CodeCheck {
    f.svc
        .recovery()
        .check_code(&id(to), code, CHAT)
        .await
        .expect("check")
}

/// A wrong code for the identifier's `nth` code (0 = the first): any code for an unknown
/// identifier, the delivered one changed for a known one.
async fn wrong(f: &Fixture, to: &str, nth: usize) -> OneTimeCode {
    let known = f.svc.store.find_account(&id(to)).expect("read").is_some();
    match known {
        true => other_than(&f.code_to(to, nth).await),
        false => OneTimeCode::parse("000000").expect("code"),
    }
}

fn advance_secs(f: &Fixture, n: u64) {
    f.clock.advance(Duration::from_secs(n));
}

fn rejected(reason: CodeRejection) -> impl Fn(&AuditEvent) -> bool {
    move |e| matches!(e, AuditEvent::CodeRejected { reason: r, .. } if *r == reason)
}
