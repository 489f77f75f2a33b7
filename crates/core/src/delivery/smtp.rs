//! E-mail over SMTP with lettre.

use super::failure::Failure;
use crate::config::{secret_from_env, EmailDelivery, SmtpTls};
use crate::domain::EmailAddress;
use anyhow::Context;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(config: &EmailDelivery) -> anyhow::Result<Smtp> {
        let builder = match config.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                .context("delivery.email.host: cannot set up STARTTLS")?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                .context("delivery.email.host: cannot set up TLS")?,
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(Duration::from_secs(15)));
        if let (Some(user), Some(pass)) = (&config.username_env, &config.password_env) {
            let user = secret_from_env("delivery.email.username_env", user)?;
            let pass = secret_from_env("delivery.email.password_env", pass)?;
            builder = builder.credentials(Credentials::new(
                user.expose_secret().to_string(),
                pass.expose_secret().to_string(),
            ));
        }
        let from = config.from()?.clone();
        Ok(Smtp {
            transport: builder.build(),
            from,
        })
    }

    /// Sends one e-mail. An address lettre cannot build a message to and a 5xx reply are
    /// permanent failures; everything else (4xx, connection, timeout, TLS) is transient.
    pub async fn send(
        &self,
        to: &EmailAddress,
        subject: &str,
        body: &SecretString,
    ) -> Result<(), Failure> {
        let invalid = |error: anyhow::Error| Failure::permanent("invalid_address", error);
        let recipient: Mailbox = to
            .as_str()
            .parse()
            .map_err(|e| invalid(anyhow::Error::new(e).context("recipient is not a mailbox")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(recipient)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.expose_secret().to_string())
            .map_err(|e| invalid(anyhow::Error::new(e).context("cannot build the e-mail")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) => {
                let permanent = error.is_permanent();
                let error = anyhow::Error::new(error).context("the SMTP server refused the e-mail");
                Err(match permanent {
                    true => Failure::permanent("smtp_rejected", error),
                    false => Failure::Transient(error),
                })
            }
        }
    }
}
