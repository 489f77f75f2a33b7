//! SMS as an HTTP POST of JSON `{"to": "+E164", "text": "…"}` with an optional bearer token.

use super::failure::{gateway_status, Failure};
use crate::config::{secret_from_env, SmsDelivery};
use crate::domain::PhoneNumber;
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
            url: config.url()?.clone(),
            token,
        })
    }

    /// Posts one SMS; see [`gateway_status`] for which answers are worth retrying.
    pub async fn send(&self, to: &PhoneNumber, text: &SecretString) -> Result<(), Failure> {
        let mut request = self
            .client
            .post(self.url.clone())
            .json(&serde_json::json!({ "to": to.as_str(), "text": text.expose_secret() }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.expose_secret());
        }
        let response = request.send().await.map_err(|e| {
            Failure::transient(anyhow::anyhow!(
                "SMS gateway unreachable: {}",
                e.without_url()
            ))
        })?;
        match gateway_status(response.status()) {
            None => Ok(()),
            Some(failure) => Err(failure),
        }
    }
}
