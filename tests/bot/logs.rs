//! Captures every log line of the test binary, so tests can prove that no secret is
//! logged.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(logs) = LOGS.get() {
            logs.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once, at debug level for every crate.
pub fn install() {
    LOGS.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                std::env::var("TEST_LOG").unwrap_or_else(|_| "debug".into()),
            ))
            .with_writer(|| Capture)
            .with_ansi(false)
            // No timestamps: their six-digit fractions would look like codes.
            .without_time()
            .try_init();
        Mutex::new(Vec::new())
    });
}

pub fn captured() -> String {
    LOGS.get()
        .map(|l| String::from_utf8_lossy(&l.lock().unwrap_or_else(|e| e.into_inner())).into_owned())
        .unwrap_or_default()
}
