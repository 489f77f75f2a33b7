//! What a proven holder's chat changes: the password check's work, and who an agent's
//! unlock tells.

use super::*;

#[tokio::test]
async fn in_a_proven_chat_the_password_is_withheld_for_the_same_work_as_without_one() {
    let f = services();
    // Words with spaces: it does not look like a password, only the check finds it.
    let password = "my dog is called rex";
    f.account_with("alice", "alice@example.com", "+4915112345678", password);
    f.account("bob", "bob@example.com");
    link(&f, USER, "alice").await;
    link(&f, 1002, "bob").await;
    let (alice, alice_work) = work(&f, USER, password).await;
    assert_eq!(alice, UserSays::Secret);
    let (bob, bob_work) = work(&f, 1002, password).await;
    assert!(matches!(bob, UserSays::Relay(_)));
    assert_eq!(alice_work, bob_work);
    assert_eq!(alice_work, 2, "one verification per text");
    let (_, unproven_work) = work(&f, 1003, password).await;
    assert_eq!(unproven_work, 0);
}

#[tokio::test]
async fn an_agents_unlock_tells_proven_tickets_and_linked_chats_and_lists_the_rest() {
    let f = services();
    f.account("alice", "alice@example.com");
    link(&f, USER, "alice").await;
    link(&f, 1004, "alice").await;
    let alice = Identifier::parse("alice@example.com").expect("identifier");
    let typed_in = Actor {
        chat_id: Some(1002),
    };
    f.svc
        .recovery()
        .request_code(&alice, "en", typed_in)
        .await
        .expect("request");
    let proven = opened(&f, USER).await;
    let unproven = opened(&f, 1002).await;
    let locked = f.svc.store.update_account("alice", |a| a.locked = true);
    assert!(locked.expect("lock").is_some());
    let unlocked = f
        .svc
        .support()
        .unlock_account("alice@example.com", &sam(), STAFF)
        .await;
    let unlocked = unlocked.expect("unlock").expect("found");
    assert!(unlocked.account_was_locked && !unlocked.recovery_was_locked);
    assert!(!unlocked.account.locked);
    let told: Vec<u64> = unlocked.tickets.iter().map(|t| t.id).collect();
    assert_eq!(told, [proven.id]);
    assert_eq!(unlocked.unproven, [unproven.id]);
    assert_eq!(unlocked.linked_chats, [1004]);
    assert!(f.events().contains(&AuditEvent::AccountUnlocked {
        by: "agent:9001".into()
    }));
}
