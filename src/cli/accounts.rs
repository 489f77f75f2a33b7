//! `recovery-bot accounts …`: add, import, list, show, lock and unlock accounts.

use crate::account_input::AccountInput;
use crate::audit::{AuditEvent, AuditRecord};
use crate::clock::{rfc3339, Clock, SystemClock};
use crate::config::Config;
use crate::store::accounts::Account;
use crate::store::Store;
use anyhow::{bail, Context};
use clap::Subcommand;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum AccountsCommand {
    /// Add one account. The password, if any, is read from standard input.
    Add {
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        language: Option<String>,
        /// Read the initial password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Import accounts from a JSON Lines file:
    /// {"id","email","phone","name","language","password"|"password_hash"} per line.
    Import { file: PathBuf },
    /// List accounts with masked contacts.
    List,
    /// Show one account (by id, e-mail or phone).
    Show { account: String },
    /// Lock an account: password reset is refused until it is unlocked.
    Lock { account: String },
    /// Unlock an account and lift any lockout after failed codes.
    Unlock { account: String },
}

pub async fn run(config: &Config, command: AccountsCommand) -> anyhow::Result<ExitCode> {
    let store = super::open_store(config)?;
    let now = SystemClock.now();
    match command {
        AccountsCommand::Add {
            id,
            email,
            phone,
            name,
            language,
            password_stdin,
        } => {
            let password = if password_stdin {
                Some(read_password_line()?)
            } else {
                None
            };
            let input = AccountInput {
                id,
                email,
                phone,
                name,
                language,
                password,
                password_hash: None,
            };
            let account = input.into_account(config, now)?;
            store.insert_account(&account)?;
            audit(
                &store,
                &account.id,
                AuditEvent::AccountCreated {
                    source: "cli".into(),
                },
            )?;
            store.flush().await?;
            println!("added {}", account.id);
        }
        AccountsCommand::Import { file } => return import(config, &store, &file, now).await,
        AccountsCommand::List => {
            for account in store.accounts()? {
                println!("{}", summary(&account));
            }
        }
        AccountsCommand::Show { account } => {
            let account = find(&store, &account)?;
            println!("{}", summary(&account));
            println!("  language: {}", account.language.as_deref().unwrap_or("-"));
            println!("  password set: {}", account.password_hash.is_some());
            println!("  created: {}", rfc3339(account.created_at));
            println!(
                "  password changed: {}",
                account
                    .password_changed_at
                    .map(rfc3339)
                    .unwrap_or_else(|| "-".into())
            );
            let lock = store.locked_until(&account.id, now)?;
            println!(
                "  recovery lockout: {}",
                lock.map(rfc3339).unwrap_or_else(|| "none".into())
            );
        }
        AccountsCommand::Lock { account } => {
            let account = find(&store, &account)?;
            store.update_account(&account.id, |a| a.locked = true)?;
            audit(
                &store,
                &account.id,
                AuditEvent::AccountLocked { by: "cli".into() },
            )?;
            store.flush().await?;
            println!("locked {}", account.id);
        }
        AccountsCommand::Unlock { account } => {
            let account = find(&store, &account)?;
            store.update_account(&account.id, |a| a.locked = false)?;
            store.clear_failures(&account.id, now)?;
            audit(
                &store,
                &account.id,
                AuditEvent::AccountUnlocked { by: "cli".into() },
            )?;
            store.flush().await?;
            println!("unlocked {}", account.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(
    config: &Config,
    store: &Store,
    file: &PathBuf,
    now: i64,
) -> anyhow::Result<ExitCode> {
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let (mut imported, mut failed) = (0, 0);
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<AccountInput>(&line)
            .map_err(|e| anyhow::anyhow!("not a valid account line: {e}"))
            .and_then(|input| input.into_account(config, now))
            .and_then(|account| {
                store.insert_account(&account)?;
                audit(
                    store,
                    &account.id,
                    AuditEvent::AccountCreated {
                        source: "import".into(),
                    },
                )?;
                Ok(account)
            });
        match result {
            Ok(_) => imported += 1,
            Err(error) => {
                failed += 1;
                eprintln!("{}:{}: {error:#}", file.display(), n + 1);
            }
        }
    }
    store.flush().await?;
    println!("imported {imported} accounts, {failed} lines refused");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn find(store: &Store, needle: &str) -> anyhow::Result<Account> {
    store
        .lookup_account(needle)?
        .with_context(|| format!("no account matches {needle:?}"))
}

fn summary(a: &Account) -> String {
    format!(
        "{}  {}  email={}  phone={}{}",
        a.id,
        a.name,
        a.email
            .as_ref()
            .map(|e| e.masked())
            .unwrap_or_else(|| "-".into()),
        a.phone
            .as_ref()
            .map(|p| p.masked())
            .unwrap_or_else(|| "-".into()),
        if a.locked { "  LOCKED" } else { "" }
    )
}

fn audit(store: &Store, account: &str, event: AuditEvent) -> anyhow::Result<()> {
    store.audit(AuditRecord {
        at: SystemClock.now(),
        actor: Some("operator".into()),
        chat_id: None,
        account: Some(account.to_string()),
        event,
    })?;
    Ok(())
}

fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        bail!("--password-stdin: no password on standard input");
    }
    Ok(password)
}
