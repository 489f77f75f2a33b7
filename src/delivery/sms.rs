//! SMS as an HTTP POST of JSON `{"to": "+E164", "text": "…"}` with an optional bearer token.

use crate::config::{secret_from_env, SmsDelivery};
use crate::domain::PhoneNumber;
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

pub struct SmsGateway {
    client: reqwest::Client,
    url: reqwest::Url,
    token: Option<SecretString>,
}

impl SmsGateway {
    pub fn new(config: &SmsDelivery) -> anyhow::Result<SmsGateway> {
        let token = match &config.token_env {
            Some(var) => Some(secret_from_env("delivery.sms.token_env", var)?),
            None => None,
        };
        Ok(SmsGateway {
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()?,
            url: config
                .url
                .parse()
                .context("delivery.sms.url is not a URL")?,
            token,
        })
    }

    pub async fn send(&self, to: &PhoneNumber, text: &SecretString) -> anyhow::Result<()> {
        let mut request = self
            .client
            .post(self.url.clone())
            .json(&serde_json::json!({ "to": to.as_str(), "text": text.expose_secret() }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.expose_secret());
        }
        let response = request
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("SMS gateway unreachable: {}", e.without_url()))?;
        let status = response.status();
        anyhow::ensure!(status.is_success(), "SMS gateway answered {status}");
        Ok(())
    }
}
