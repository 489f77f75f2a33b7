//! One test per transcript in `dialogues/`, so they run in parallel and fail by name.

use crate::transcript::run;

macro_rules! transcripts {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                run(concat!(stringify!($name), ".txt")).await;
            }
        )*

        #[test]
        fn every_transcript_file_has_a_test() {
            let listed = [$(concat!(stringify!($name), ".txt")),*];
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/dialogues");
            for entry in std::fs::read_dir(dir).expect("dialogues/") {
                let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
                if name.ends_with(".txt") {
                    assert!(listed.contains(&name.as_str()), "dialogues/{name} is not replayed: add it to tests/bot/transcripts.rs");
                }
            }
        }
    };
}

transcripts! {
    start_menu,
    reset_by_email,
    reset_by_phone_with_spaces,
    phone_without_country_code,
    unknown_account,
    wrong_code_five_times,
    expired_code,
    forged_button,
    hourly_limit,
    resend_cooldown,
    password_rules,
    confirmation_mismatch,
    bad_input_mid_flow,
    cancel_mid_flow,
    group_chat_refused,
    german_user,
    help_checklist,
    language_switch,
    lockout_after_ten_failures,
    resume_after_restart,
    support_ticket_relay,
    support_after_lockout,
    support_rate_limit,
    support_secrets_refused,
    support_forum,
    support_non_agent_refused,
    support_linked_chat,
    settings_change_name,
    settings_change_email,
    settings_sign_in_failures,
    settings_unknown_account,
    settings_session_expires,
    settings_change_password,
    settings_per_chat_limit,
    settings_bad_input,
    telegram_faults_reset,
    telegram_faults_support,
}
