//! Fills a fresh store the way a big deployment looks: many accounts (with argon2 hashes),
//! many stored dialogues, plus the accounts the reset flows will use.

use anyhow::Context;
use recovery_bot::bot::dialogues::SledDialogues;
use recovery_bot::bot::State;
use recovery_bot::domain::{EmailAddress, Identifier, PhoneNumber};
use recovery_bot::store::accounts::Account;
use recovery_bot::store::Store;
use std::path::Path;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

/// Chat ids of stored dialogues start here (simulated users use other ids).
const DIALOGUE_CHATS: i64 = 500_000_000;

pub struct Populated {
    /// Bytes on disk after the accounts alone were written and flushed.
    pub accounts_bytes: u64,
    /// Bytes on disk with the dialogues too.
    pub total_bytes: u64,
    pub seconds: f64,
    /// E.164 numbers of the accounts kept for reset flows.
    pub reset_phones: Vec<String>,
}

/// Phone numbers for reset accounts: UK mobile numbers, all valid and distinct.
fn reset_phone(i: usize) -> anyhow::Result<PhoneNumber> {
    PhoneNumber::parse(&format!("+44 7400 {:06}", i % 1_000_000))
        .map_err(|e| anyhow::anyhow!("bench phone number {i}: {e:?}"))
}

pub async fn populate(
    store_path: &Path,
    cache_mib: u64,
    accounts: usize,
    dialogues: usize,
    reset_accounts: usize,
    password_hash: &str,
) -> anyhow::Result<Populated> {
    let started = std::time::Instant::now();
    let store = Store::open(store_path, cache_mib)?;
    let now = recovery_bot::clock::Clock::now(&recovery_bot::clock::SystemClock);
    let mut reset_phones = Vec::with_capacity(reset_accounts);
    for i in 0..accounts + reset_accounts {
        let (email, phone) = if i < accounts {
            let email = EmailAddress::parse(&format!("user{i}@bench.example"))
                .map_err(|e| anyhow::anyhow!("bench e-mail {i}: {e:?}"))?;
            (Some(email), None)
        } else {
            let phone = reset_phone(i - accounts)?;
            reset_phones.push(phone.as_str().to_owned());
            (None, Some(phone))
        };
        let mut account = Account::new(format!("acct-{i:07}"), email, phone, "Bench".into(), now);
        account.password_hash = Some(password_hash.to_owned());
        account.language = Some("en".into());
        store
            .insert_account(&account)
            .with_context(|| format!("bench account {i}"))?;
    }
    store.flush().await?;
    let accounts_bytes = dir_size(store_path)?;
    let storage = SledDialogues::<State>::new(&store);
    for i in 0..dialogues {
        let state = match i % 4 {
            0 => State::Idle,
            1 => State::ResetIdentifier,
            2 => State::ResetCode {
                identifier: Identifier::parse(&format!("user{i}@bench.example"))
                    .map_err(|e| anyhow::anyhow!("bench identifier {i}: {e:?}"))?,
            },
            _ => State::SupportDescribe,
        };
        let chat = ChatId(DIALOGUE_CHATS + i64::try_from(i)?);
        storage.clone().update_dialogue(chat, state).await?;
    }
    store.flush().await?;
    let total_bytes = dir_size(store_path)?;
    drop(storage);
    // The bot's process opens it next.
    store.close().await?;
    Ok(Populated {
        accounts_bytes,
        total_bytes,
        seconds: started.elapsed().as_secs_f64(),
        reset_phones,
    })
}

/// Bytes of the files under `dir`.
pub fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}
