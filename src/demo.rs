//! `recovery-bot demo`: the real bot against an in-process Telegram Bot API emulator, with
//! two demo accounts, e-mails and SMS written to an outbox and shown in the terminal.

use crate::account_input::AccountInput;
use crate::app::{App, Launch};
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, DeliveryKind};
use crate::crypto::Secret;
use secrecy::SecretString;
use std::sync::Arc;
use telegram_emulator::terminal::StaffSeat;
use telegram_emulator::{terminal, ChatSpec, Emulator, UserSpec};

pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "alice",
        "alice@example.com",
        "+44 20 7946 0958",
        "Alice Example",
        "en",
    ),
    (
        "bruno",
        "bruno@example.de",
        "+49 30 12345678",
        "Bruno Beispiel",
        "de",
    ),
];
pub const DEMO_PASSWORD: &str = "demo password before the reset";
/// The demo's support agent and staff chat (a supergroup with topics).
pub const DEMO_AGENT: (i64, &str) = (2001, "Sam");
pub const DEMO_STAFF_CHAT: (i64, &str) = (-1_002_001, "Support team");

pub async fn run() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("recovery-bot-demo-{}", std::process::id()));
    let outbox = dir.join("outbox");
    let mut config = Config::embedded();
    config.store.path = dir.join("store");
    config.delivery.kind = DeliveryKind::File;
    config.delivery.outbox = outbox.clone();
    config.support.agents = vec![DEMO_AGENT.0];
    config.support.chat_id = Some(DEMO_STAFF_CHAT.0);
    // The operator API, so that a second terminal can ask for a change to approve.
    config.api.listen = "127.0.0.1:0".into();
    let api_token = crate::crypto::to_hex(&rand::random::<[u8; 20]>());

    let emulator = Emulator::start().await?;
    let staff_chat = ChatSpec::supergroup(DEMO_STAFF_CHAT.0, DEMO_STAFF_CHAT.1, true);
    emulator.register_chat(&staff_chat);
    let clock = Arc::new(SystemClock);
    let launch = Launch {
        token: SecretString::from("123456:demo-token"),
        secret: Secret::random(),
        api_url: Some(emulator.api_url()),
        clock: clock.clone(),
        api_token: Some(SecretString::from(api_token.clone())),
        webhook_secret: None,
        signals: false,
    };
    let app = App::build(config.clone(), launch).await?;
    for fields in DEMO_ACCOUNTS {
        let input = AccountInput::complete(*fields, DEMO_PASSWORD);
        app.services
            .store()
            .insert_account(&input.into_account(&config, clock.now())?)?;
    }
    let cli_config = write_cli_config(&dir, &config, app.api_addr())?;
    let stop = app.stop_token();
    let bot = tokio::spawn(app.run());

    println!("recovery-bot demo: the real bot, a local Telegram emulator, no network.");
    println!("Demo accounts (password \"{DEMO_PASSWORD}\"):");
    for (_, email, phone, name, _) in DEMO_ACCOUNTS {
        println!("  {name}: {email} or {phone}");
    }
    println!("Try /reset, type alice@example.com, then the code from the e-mail.");
    println!(
        "Or /support, describe a problem, then :as agent to answer as {} in the staff chat.",
        DEMO_AGENT.1
    );
    println!("Or /settings: sign in as alice, link this chat, change the e-mail address.");
    println!("Then, from a second terminal, ask for a change that waits for your Approve here:");
    println!(
        "  {}={api_token} cargo run --release -- --config {} changes request --account alice --field name --value \"Alice Liddell\"\n",
        config.api.token_env,
        cli_config.display()
    );

    let user = UserSpec {
        id: 1001,
        first_name: "You".into(),
        language_code: Some("en".into()),
    };
    let staff = StaffSeat {
        agent: UserSpec {
            id: DEMO_AGENT.0,
            first_name: DEMO_AGENT.1.into(),
            language_code: Some("en".into()),
        },
        chat: staff_chat,
    };
    let chat = terminal::chat_in_terminal(emulator.clone(), user, Some(staff), outbox).await;

    stop.stop();
    let _ = bot.await;
    drop(emulator);
    let _ = std::fs::remove_dir_all(&dir);
    chat
}

/// A config for `recovery-bot --config … changes request` in a second terminal: the demo's
/// store and its operator API.
fn write_cli_config(
    dir: &std::path::Path,
    config: &Config,
    api: Option<std::net::SocketAddr>,
) -> anyhow::Result<std::path::PathBuf> {
    let path = dir.join("bot.toml");
    let listen = api.map(|a| a.to_string()).unwrap_or_default();
    let text = format!(
        "# The running demo's store and operator API, for a second terminal.\n[store]\npath = {:?}\n\n[api]\nlisten = {listen:?}\ntoken_env = {:?}\n",
        config.store.path.display().to_string(),
        config.api.token_env,
    );
    std::fs::create_dir_all(dir)?;
    std::fs::write(&path, text)?;
    Ok(path)
}
