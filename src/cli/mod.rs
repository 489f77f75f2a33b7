//! The command line: run the bot, the demo, check the config, manage accounts, read the
//! audit log.

pub mod accounts;
pub mod changes;
mod check;

use crate::app::{App, Launch};
use crate::clock::SystemClock;
use crate::config::{secret_from_env, Config};
use crate::crypto::Secret;
use crate::store::Store;
use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "recovery-bot",
    version,
    about = "A Telegram bot that helps people recover their accounts"
)]
pub struct Cli {
    /// The configuration file. It must exist for every command but `demo`, which has its
    /// own.
    #[arg(
        long,
        global = true,
        env = "RECOVERY_BOT_CONFIG",
        default_value = "bot.toml"
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Subcommand, Debug)]
pub enum Commands {
    /// Run the bot against Telegram (token from the variable named by telegram.token_env).
    Run,
    /// Try the bot in this terminal: no token, no network; a local Bot API emulator, demo
    /// accounts, and e-mails and SMS shown from an outbox.
    Demo,
    /// Check the configuration and the secrets it names, then exit.
    CheckConfig,
    /// Manage accounts in the store (stop the bot first: the store is single-process).
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Ask account holders to approve changes, and see what they answered.
    #[command(subcommand)]
    Changes(changes::ChangesCommand),
    /// Print the audit log: time, event, actor, account, chat and the event's details.
    Audit {
        /// Only events of this account (id, e-mail or phone).
        #[arg(long)]
        account: Option<String>,
        /// Only events at or after this time (RFC 3339, e.g. 2026-05-01T00:00:00Z, or a date).
        #[arg(long, value_parser = parse_since)]
        since: Option<crate::clock::Millis>,
        #[arg(long, value_enum, default_value = "table")]
        format: AuditFormat,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum AuditFormat {
    Table,
    Jsonl,
}

pub fn load_config(path: &Path) -> anyhow::Result<Config> {
    require_file(path)?;
    Config::load(path)
}

/// The config file's text. A missing file is an error, never the built-in defaults: a
/// bot started without its file would run as "Example" with codes written to a folder on
/// a new, empty store.
pub(crate) fn read_config(path: &Path) -> anyhow::Result<String> {
    require_file(path)?;
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn require_file(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        bail!(
            "no configuration file at {}: name one with --config FILE or RECOVERY_BOT_CONFIG \
             (the repository's bot.toml is a start; `recovery-bot demo` needs none)",
            path.display()
        );
    }
    Ok(())
}

pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    // Ignore the error of a second initialisation.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // No colour codes in journald or log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let path = cli.config;
    match cli.command {
        Commands::Run => run_command(&path),
        Commands::Demo => block_on(async {
            init_tracing("warn");
            crate::demo::run().await?;
            Ok(ExitCode::SUCCESS)
        }),
        Commands::CheckConfig => check::check_config(&path),
        Commands::Accounts(command) => block_on(async move {
            let config = load_config(&path)?;
            init_tracing("warn");
            accounts::run(&config, command).await
        }),
        Commands::Changes(command) => block_on(async move {
            let config = load_config(&path)?;
            init_tracing("warn");
            changes::run(&config, command).await
        }),
        Commands::Audit {
            account,
            since,
            format,
        } => {
            let config = load_config(&path)?;
            let store = open_store(&config)?;
            let account_id = match &account {
                Some(needle) => Some(
                    store
                        .lookup_account(needle)?
                        .with_context(|| format!("no account matches {needle:?}"))?
                        .id,
                ),
                None => None,
            };
            for record in store.audit_since(account_id.as_deref(), since)? {
                match format {
                    AuditFormat::Table => println!("{}", record.table_row()),
                    AuditFormat::Jsonl => println!("{}", serde_json::to_string(&record)?),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `run` reads its config before any thread starts, so that the threads inherit the
/// scheduling policy it asks for.
fn run_command(path: &Path) -> anyhow::Result<ExitCode> {
    let config = load_config(path)?;
    let batch = config
        .process
        .batch_scheduling
        .then(crate::scheduling::batch_this_thread);
    block_on(async move {
        init_tracing(&config.log.filter);
        if let Some(Err(error)) = batch {
            tracing::warn!(%error, "SCHED_BATCH refused; the default scheduling stays");
        }
        run_bot(config).await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Runs a command on a new multi-threaded runtime.
pub fn block_on(
    command: impl std::future::Future<Output = anyhow::Result<ExitCode>>,
) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(command)
}

fn parse_since(text: &str) -> Result<crate::clock::Millis, String> {
    crate::clock::parse_rfc3339(text).ok_or_else(|| {
        format!(
            "{text:?} is not an RFC 3339 time like 2026-05-01T12:00:00Z or a date like 2026-05-01"
        )
    })
}

pub fn open_store(config: &Config) -> anyhow::Result<Store> {
    Ok(Store::open(
        &config.store.path,
        config.store.cache_capacity_mib,
    )?)
}

/// The HMAC key, with the previous one while a rotation is under way.
pub(crate) fn hmac_secret(config: &Config) -> anyhow::Result<Secret> {
    let secret = Secret::new(secret_from_env(
        "security.secret_env",
        &config.security.secret_env,
    )?)
    .context("security.secret_env")?;
    match std::env::var(&config.security.previous_secret_env) {
        Ok(previous) if !previous.is_empty() => secret
            .with_previous(SecretString::from(previous))
            .context("security.previous_secret_env"),
        _ => Ok(secret),
    }
}

/// The operator API's bearer token, when its variable is set; it must be strong.
pub(crate) fn api_token(config: &Config) -> anyhow::Result<Option<SecretString>> {
    let Some(token) = std::env::var(&config.api.token_env)
        .ok()
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    crate::config::strength::check(&format!("api.token_env ({})", config.api.token_env), &token)
        .map_err(anyhow::Error::msg)?;
    Ok(Some(SecretString::from(token)))
}

async fn run_bot(config: Config) -> anyhow::Result<()> {
    ignore_file_size_signal();
    let config_api_token_env = config.api.token_env.clone();
    if std::env::var(&config_api_token_env).is_err() && !config.api.listen.is_empty() {
        tracing::warn!(
            "the operator API (/api/v1) is off: {config_api_token_env} is not set; /healthz and /metrics stay on"
        );
    }
    check::check_secrets(&config)?;
    for warning in config.warnings() {
        tracing::warn!("{warning}");
    }
    let token = secret_from_env("telegram.token_env", &config.telegram.token_env)?;
    let secret = hmac_secret(&config)?;
    if secret.previous().is_some() {
        tracing::info!("rotating the HMAC secret: buttons signed with the previous one still work");
    }
    let api_url = match std::env::var("TELOXIDE_API_URL").ok() {
        Some(url) => Some(
            url.parse()
                .with_context(|| format!("the Bot API URL {url:?} is not a URL"))?,
        ),
        None => config.telegram.api_url()?.cloned(),
    };
    let launch = Launch {
        token,
        secret,
        api_url,
        clock: Arc::new(SystemClock),
        api_token: api_token(&config)?,
        webhook_secret: match config.telegram.mode {
            crate::config::TelegramMode::Webhook => Some(secret_from_env(
                "telegram.webhook_secret_env",
                &config.telegram.webhook_secret_env,
            )?),
            crate::config::TelegramMode::Polling => None,
        },
        signals: true,
    };
    App::build(config, launch).await?.run().await
}

/// With a file-size limit reached (or a full disk on some systems) a write must fail with
/// EFBIG, which the store reports and the user hears as "try again later", instead of
/// SIGXFSZ killing the bot.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN at start-up, before any other
    // thread of ours handles signals; no handler function is installed.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
