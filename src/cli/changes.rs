//! `recovery-bot changes …`: ask an account holder to approve a change. While the bot runs
//! it holds the store, so the command goes through the bot's operator API; otherwise it
//! writes to the store and the bot pushes the request when it starts. It says which.

use crate::approvals::{request_change, ChangeInput};
use crate::clock::{rfc3339, Clock, SystemClock};
use crate::config::Config;
use crate::store::changes::{ChangeField, ChangeRequest};
use crate::store::{Store, StoreError};
use anyhow::{bail, Context};
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum ChangesCommand {
    /// Ask the account holder to approve a change in every chat linked to the account.
    Request {
        /// Account id, e-mail or phone.
        #[arg(long)]
        account: String,
        #[arg(long, value_enum)]
        field: FieldArg,
        /// The new e-mail, phone or name (none for password_reset).
        #[arg(long)]
        value: Option<String>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Show one change request and its status.
    Show { id: String },
    /// List change requests (needs the bot stopped).
    List,
}

/// The fields an operator may ask to change (a new password is chosen only by its holder).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum FieldArg {
    Email,
    Phone,
    Name,
    PasswordReset,
}

impl From<FieldArg> for ChangeField {
    fn from(field: FieldArg) -> ChangeField {
        match field {
            FieldArg::Email => ChangeField::Email,
            FieldArg::Phone => ChangeField::Phone,
            FieldArg::Name => ChangeField::Name,
            FieldArg::PasswordReset => ChangeField::PasswordReset,
        }
    }
}

pub async fn run(config: &Config, command: ChangesCommand) -> anyhow::Result<ExitCode> {
    let store = match Store::open(&config.store.path, config.store.cache_capacity_mib) {
        Ok(store) => Some(store),
        Err(StoreError::InUse(_)) => None,
        Err(e) => return Err(e.into()),
    };
    match (command, store) {
        (ChangesCommand::Request { account, field, value, reason }, Some(store)) => {
            let input = ChangeInput { account, field: field.into(), value, reason };
            let change = request_change(&store, config, SystemClock.now(), input, "cli")?;
            store.flush().await?;
            println!("stored change {} in the store (the bot is not running); it reaches the linked chats when the bot starts", change.id);
            print_change(&change);
        }
        (ChangesCommand::Request { account, field, value, reason }, None) => {
            let field = ChangeField::from(field);
            let input = serde_json::json!({ "account": account, "field": field, "value": value, "reason": reason });
            let body = call_api(config, reqwest::Method::POST, "api/v1/changes", Some(input)).await?;
            println!("asked through the running bot's API: change {} is {}", body["id"].as_str().unwrap_or("?"), body["status"].as_str().unwrap_or("?"));
        }
        (ChangesCommand::Show { id }, Some(store)) => match store.change(&id)? {
            Some(change) => print_change(&change),
            None => bail!("no change {id}"),
        },
        (ChangesCommand::Show { id }, None) => {
            let body = call_api(config, reqwest::Method::GET, &format!("api/v1/changes/{id}"), None).await?;
            println!("{}", serde_json::to_string_pretty(&body)?);
        }
        (ChangesCommand::List, Some(store)) => {
            for change in store.changes()? {
                print_change(&change);
            }
        }
        (ChangesCommand::List, None) => bail!("the bot is running and holds the store: stop it to list changes, or ask the API for one change"),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_change(c: &ChangeRequest) {
    println!(
        "{}  account={} field={:?} value={} status={:?} by={} expires={}",
        c.id,
        c.account_id,
        c.field,
        if c.display.is_empty() {
            "-"
        } else {
            &c.display
        },
        c.status,
        c.requested_by,
        rfc3339(c.expires_at)
    );
}

async fn call_api(
    config: &Config,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> anyhow::Result<serde_json::Value> {
    let Some(address) = config.api.address()? else {
        bail!("the bot is running and holds the store, and api.listen is empty: stop the bot, or turn the API on");
    };
    let token = std::env::var(&config.api.token_env)
        .ok()
        .filter(|t| !t.is_empty())
        .with_context(|| {
            format!(
                "the bot is running and holds the store; set {} to go through its API",
                config.api.token_env
            )
        })?;
    let url = format!("http://{address}/{path}");
    let mut request = reqwest::Client::new()
        .request(method, &url)
        .bearer_auth(token)
        .header("X-Requested-By", "cli");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .with_context(|| format!("the bot's API at {url} does not answer"))?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    if !status.is_success() {
        bail!(
            "the API answered {status}: {}",
            body["error"].as_str().unwrap_or("no detail")
        );
    }
    Ok(body)
}
