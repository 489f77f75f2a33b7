//! The outbox: e-mails and SMS written as text files, for demos and staging.

use super::Outgoing;
use anyhow::Context;
use secrecy::ExposeSecret;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Outbox {
    dir: PathBuf,
    sequence: AtomicU64,
}

impl Outbox {
    pub fn new(dir: PathBuf) -> Outbox {
        Outbox {
            dir,
            sequence: AtomicU64::new(0),
        }
    }

    pub async fn write(&self, message: &Outgoing) -> anyhow::Result<()> {
        tokio::fs::create_dir_all(&self.dir)
            .await
            .with_context(|| format!("cannot create the outbox {}", self.dir.display()))?;
        let n = self.sequence.fetch_add(1, Ordering::SeqCst);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let (name, content) = match message {
            Outgoing::Email { to, subject, body } => (
                format!("{stamp}-{n:04}-email.txt"),
                format!(
                    "To: {}\nSubject: {subject}\n\n{}\n",
                    to.as_str(),
                    body.expose_secret()
                ),
            ),
            Outgoing::Sms { to, text } => (
                format!("{stamp}-{n:04}-sms.txt"),
                format!("To: {}\n\n{}\n", to.as_str(), text.expose_secret()),
            ),
        };
        let path = self.dir.join(name);
        tokio::fs::write(&path, content)
            .await
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }
}
