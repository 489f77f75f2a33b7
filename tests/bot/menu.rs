//! What the bot registers with Telegram at start.

use crate::harness::TestBot;
use std::time::Duration;
use telegram_emulator::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_registered_in_every_language() {
    let bot = TestBot::start().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let menus = loop {
        let menus: Vec<_> = bot
            .emu
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Event::CommandsSet {
                    language_code,
                    commands,
                } => Some((language_code, commands)),
                _ => None,
            })
            .collect();
        if menus.len() >= 5 || tokio::time::Instant::now() > deadline {
            break menus;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let find = |lang: Option<&str>| {
        menus
            .iter()
            .find(|(l, _)| l.as_deref() == lang)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("no menu for {lang:?}: {menus:?}"))
    };
    let names: Vec<_> = find(None).iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(
        names,
        [
            "start", "reset", "settings", "help", "support", "language", "pending", "unlink",
            "cancel"
        ]
    );
    assert_eq!(find(Some("de"))[1].1, "Passwort zurücksetzen");
    assert_eq!(find(Some("es"))[0].1, "Menú principal");
    assert_eq!(find(Some("en"))[1].1, "Reset your password");
    // The agents' commands show in the staff chat only.
    let staff: Vec<_> = menus[4].1.iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(
        staff,
        ["tickets", "take", "reply", "close", "account", "unlock", "stats"]
    );
    let scoped = bot.emu.requests().into_iter().any(|(method, params)| {
        method == "setmycommands" && params.to_string().contains("-1009001")
    });
    assert!(scoped, "the staff menu is not scoped to the staff chat");
    bot.stop().await;
}
