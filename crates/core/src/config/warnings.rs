//! What a configuration allows but an operator should know before users arrive: settings
//! that suit a try-out (file delivery, the example service name) and listeners that other
//! hosts reach. `check-config` prints them after "configuration OK"; `run` logs them.

use super::{Config, DeliveryKind, TelegramMode};

impl Config {
    /// Every warning about this configuration, each naming its key.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.delivery.kind == DeliveryKind::File {
            warnings.push(format!(
                "delivery.kind = \"file\": codes and notices are written to {}, and nobody gets an e-mail or SMS; set kind = \"network\" for real users",
                self.delivery.outbox.display()
            ));
        }
        if self.service.name == "Example" {
            warnings.push(
                "service.name is still \"Example\": users read it in every code and notice".into(),
            );
        }
        if let Ok(Some(listen)) = self.api.address() {
            if !listen.ip().is_loopback() {
                warnings.push(format!(
                    "api.listen {listen} is public: other hosts reach the operator API and /metrics (the API token guards both)"
                ));
            }
        }
        if self.telegram.mode == TelegramMode::Webhook {
            if let Ok(listen) = self.telegram.webhook_listen() {
                if !listen.ip().is_loopback() {
                    warnings.push(format!(
                        "telegram.webhook_listen {listen} is public: it speaks plain HTTP, so TLS must end in front of it"
                    ));
                }
            }
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, DeliveryKind};

    #[test]
    fn a_try_out_configuration_is_warned_about_and_a_real_one_is_not() {
        let defaults = Config::default();
        let warnings = defaults.warnings();
        assert!(warnings.iter().any(|w| w.starts_with("delivery.kind")));
        assert!(warnings.iter().any(|w| w.starts_with("service.name")));
        let mut real = Config::default();
        real.delivery.kind = DeliveryKind::Network;
        real.service.name = "Acme".into();
        assert!(real.warnings().is_empty(), "{:?}", real.warnings());
        real.api.listen = "0.0.0.0:8081".into();
        assert!(real.warnings()[0].starts_with("api.listen 0.0.0.0:8081 is public"));
    }
}
