//! `check-config`, and the check of the secrets `run` does before it starts.

use super::{api_token, hmac_secret, read_config};
use crate::config::{secret_from_env, Config, Problems, Report};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

/// The secrets the configuration names are set and strong enough.
pub(super) fn check_secrets(config: &Config) -> anyhow::Result<()> {
    secret_problems(config).into_result("the environment")
}

/// Everything wrong with the secrets the configuration names.
fn secret_problems(config: &Config) -> Problems {
    let mut p = Problems::default();
    p.check(secret_from_env(
        "telegram.token_env",
        &config.telegram.token_env,
    ));
    p.check(hmac_secret(config));
    if let Some(token) = p.check(api_token(config)) {
        let public = config.api.allow_public && config.api.is_public();
        p.need(token.is_some() || !public, || {
            format!("api.allow_public: a public operator listener needs the API token ({} is not set), which then guards /metrics too", config.api.token_env)
        });
    }
    if config.telegram.mode == crate::config::TelegramMode::Webhook {
        let key = "telegram.webhook_secret_env";
        if let Some(secret) = p.check(secret_from_env(key, &config.telegram.webhook_secret_env)) {
            p.check(
                crate::config::check_webhook_secret(secrecy::ExposeSecret::expose_secret(&secret))
                    .context(key),
            );
        }
    }
    if config.delivery.kind == crate::config::DeliveryKind::Network {
        let email = &config.delivery.email;
        for (key, var) in [
            ("delivery.email.username_env", &email.username_env),
            ("delivery.email.password_env", &email.password_env),
            ("delivery.sms.token_env", &config.delivery.sms.token_env),
        ] {
            if let Some(var) = var {
                p.check(secret_from_env(key, var));
            }
        }
    }
    p
}

/// `check-config`: every problem of the file and of the secrets it names, at once.
pub(super) fn check_config(path: &Path) -> anyhow::Result<ExitCode> {
    let text = read_config(path)?;
    let (config, mut problems) = Config::parse_unchecked(&text, &path.display().to_string())?;
    problems.extend(secret_problems(&config));
    if problems.is_empty() {
        println!("configuration OK ({})", path.display());
        for warning in config.warnings() {
            println!("warning: {warning}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let file = path.display().to_string();
    eprintln!(
        "{}",
        Report {
            file: &file,
            problems: &problems
        }
    );
    Ok(ExitCode::FAILURE)
}
