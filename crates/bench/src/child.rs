//! The bot under measurement runs as its own process, `recovery-bot run` with a config
//! file of its own, exactly as an operator starts it: its memory and its start-up time are
//! the bot's alone, not the simulated users' or the emulator's. The benchmark's own
//! executable is the bot by default ([`AS_BOT`]), so that it always measures the code it
//! was built with; `--bot` measures another build.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use recovery_bot::config::Config;

/// The environment the bot reads its secrets from (named in the config).
const TOKEN: &str = "123456:bench-token";

/// The given config file (or the shipped defaults) with the store in `dir`, SMS to the
/// local sink, the operator listener on a free loopback port (for `/metrics`), quiet
/// logs, and the limits lifted that a benchmark's traffic would hit instead of measuring
/// the bot: Telegram's send limits (the emulator has none), the per-user inbound limit
/// (each simulated user sends faster than a person) and the hourly SMS budget (every
/// reset's code goes by SMS). The figures are the bot's own capacity. Written to
/// `dir/bot.toml`; returns its path and the parsed config.
pub fn write_config(base: &str, dir: &Path, sms_url: &str) -> anyhow::Result<(PathBuf, Config)> {
    let mut table: toml::Table = toml::from_str(base).context("the bench's base config")?;
    let store = dir.join("store");
    let listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let settings: [(&str, toml::Value); 12] = [
        ("store.path", store.display().to_string().into()),
        ("delivery.kind", "network".into()),
        ("delivery.sms.url", sms_url.into()),
        ("api.listen", listen.to_string().into()),
        ("log.filter", "error".into()),
        ("telegram.messages_per_sec_chat", 1_000.into()),
        ("telegram.messages_per_min_chat", 60_000.into()),
        ("telegram.messages_per_sec_overall", 10_000.into()),
        ("telegram.mode", "polling".into()),
        ("telegram.updates_burst", 1_000_000.into()),
        ("telegram.updates_per_min", 1_000_000.into()),
        ("delivery.sms.max_per_hour", 1_000_000.into()),
    ];
    for (key, value) in settings {
        set(&mut table, key, value);
    }
    if let Some(sms) = table
        .get_mut("delivery")
        .and_then(|d| d.get_mut("sms"))
        .and_then(toml::Value::as_table_mut)
    {
        sms.remove("token_env");
    }
    let text = toml::to_string(&table)?;
    let config = Config::parse(&text)?;
    let path = dir.join("bot.toml");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok((path, config))
}

fn set(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut table = table;
    let mut keys = dotted.split('.').peekable();
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            table.insert(key.to_owned(), value);
            return;
        }
        let entry = table
            .entry(key.to_owned())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        let toml::Value::Table(inner) = entry else {
            return;
        };
        table = inner;
    }
}

/// The first argument that makes the benchmark's executable the bot: the rest of the
/// command line is `recovery-bot`'s.
pub const AS_BOT: &str = "bot";

/// `recovery-bot run` on the bench's config, talking to the emulator at `api_url`.
pub struct ChildBot {
    child: Child,
    metrics_url: String,
    http: reqwest::Client,
}

impl ChildBot {
    /// Starts `bot`, or this executable as the bot when `bot` is `None`.
    pub fn start(
        bot: Option<&Path>,
        config: &Path,
        config_values: &Config,
        api_url: &str,
    ) -> anyhow::Result<ChildBot> {
        let mut command = match bot {
            Some(exe) => Command::new(exe),
            None => {
                let exe = std::env::current_exe().context("the benchmark's own executable")?;
                let mut command = Command::new(exe);
                command.arg(AS_BOT);
                command
            }
        };
        let secret = recovery_bot::crypto::to_hex(&rand::random::<[u8; 32]>());
        let child = command
            .arg("--config")
            .arg(config)
            .arg("run")
            .env(&config_values.telegram.token_env, TOKEN)
            .env(&config_values.security.secret_env, secret)
            .env_remove(&config_values.security.previous_secret_env)
            .env("TELOXIDE_API_URL", api_url)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start the bot")?;
        Ok(ChildBot {
            child,
            metrics_url: format!("http://{}/metrics", config_values.api.listen),
            http: reqwest::Client::new(),
        })
    }

    /// The argon2id computations the bot has finished so far (from its `/metrics`).
    pub async fn password_hashes(&self) -> Option<u64> {
        let response = self.http.get(&self.metrics_url).send().await.ok()?;
        let text = response.text().await.ok()?;
        text.lines()
            .find_map(|line| line.strip_prefix("recovery_bot_password_hashes_total "))
            .and_then(|value| value.trim().parse().ok())
    }

    /// The bot's peak resident set so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM")
    }

    /// CPU time the bot has used so far, in seconds.
    pub fn cpu_seconds(&self) -> Option<f64> {
        super::report::cpu_seconds(Some(self.child.id()))
    }

    /// CPU time the bot's hashing threads have used so far, in seconds.
    pub fn hashing_cpu_seconds(&self) -> Option<f64> {
        super::report::threads_cpu_seconds(self.child.id(), recovery_bot::hash_pool::THREAD_NAME)
    }

    /// The bot's resident set now (VmRSS), in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS")
    }

    fn status_kib(&self, field: &str) -> Option<u64> {
        super::report::proc_status_kib(Some(self.child.id()), field)
    }

    /// Asks the bot to stop as an operator does (SIGTERM) and waits for it; `wake`
    /// sends one more update so that the long poll in flight ends now.
    pub async fn stop(self, wake: impl FnOnce()) -> anyhow::Result<()> {
        let pid = i32::try_from(self.child.id())?;
        // SAFETY: kill only sends a signal to our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        wake();
        let mut bot = self;
        let waited = tokio::task::spawn_blocking(move || {
            let deadline = std::time::Instant::now() + Duration::from_secs(30);
            loop {
                match bot.child.try_wait() {
                    Ok(Some(status)) => return Ok(status),
                    Ok(None) if std::time::Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Ok(None) => {
                        let _ = bot.child.kill();
                        return Err(anyhow::anyhow!("the bot did not stop within 30 s"));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        })
        .await??;
        anyhow::ensure!(waited.success(), "the bot exited with {waited}");
        Ok(())
    }
}

impl Drop for ChildBot {
    fn drop(&mut self) {
        // A bench that fails half-way must not leave the bot running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
