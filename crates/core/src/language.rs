//! The language a chat is answered in: the one it chose with /language, else the fallback
//! (the sender's Telegram language, or for a chat that did not write just now the
//! language of its ticket or account), else the configured default.

use crate::i18n::Tr;
use crate::recovery::Services;
use crate::store::StoreError;

impl Services {
    /// The translator for `chat` (none: an update without a chat). A choice that cannot be
    /// read counts as no choice: the chat is still answered.
    pub fn translator(&self, chat: impl Into<Option<i64>>, fallback: Option<&str>) -> Tr {
        let chosen = chat
            .into()
            .and_then(|chat| self.store.chat_language(chat).ok().flatten());
        let lang = self.i18n.negotiate(chosen.as_deref(), fallback);
        Tr::new(self.i18n.clone(), lang)
    }

    /// Keeps the chat's choice (/language); returns the translator for it.
    pub fn choose_language(&self, chat: i64, language: &str) -> Result<Tr, StoreError> {
        self.store.set_chat_language(chat, language)?;
        let lang = self.i18n.negotiate(Some(language), None);
        Ok(Tr::new(self.i18n.clone(), lang))
    }

    /// The account's own language, if it has one (an unreadable account has none).
    pub fn account_language(&self, account_id: &str) -> Option<String> {
        self.store
            .account(account_id)
            .ok()
            .flatten()
            .and_then(|a| a.language)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::services;

    #[tokio::test]
    async fn a_chats_choice_comes_before_the_fallback_and_the_default() {
        let f = services();
        let svc = &f.svc;
        assert_eq!(svc.translator(7, Some("de-AT")).lang, "de");
        assert_eq!(svc.translator(7, Some("pt-BR")).lang, "en");
        assert_eq!(svc.choose_language(7, "es").expect("store").lang, "es");
        assert_eq!(svc.translator(7, Some("de-AT")).lang, "es");
        assert_eq!(svc.translator(8, Some("de-AT")).lang, "de", "per chat");
        assert_eq!(svc.translator(None, Some("de")).lang, "de", "no chat");
    }

    #[tokio::test]
    async fn an_accounts_language_is_read_from_the_account() {
        let f = services();
        assert_eq!(f.svc.account_language("alice"), None);
        f.account("alice", "alice@example.com");
        f.svc
            .store
            .update_account("alice", |a| a.language = Some("de".into()))
            .expect("update");
        assert_eq!(f.svc.account_language("alice").as_deref(), Some("de"));
    }
}
