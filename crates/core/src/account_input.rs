//! Accounts put into the store from outside (`recovery-bot accounts add` and `import`, the
//! demo's and the tests'): parsed, checked and hashed into an [`Account`].

use crate::config::Config;
use crate::domain::{EmailAddress, PersonName, PhoneNumber};
use crate::hashing::hash_blocking;
use crate::hashing::stored;
use crate::store::accounts::Account;
use anyhow::bail;
use secrecy::SecretString;
use serde::Deserialize;

/// One account as operators describe it, in `import` lines and `add` flags.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: String,
    pub language: Option<String>,
    pub password: Option<String>,
    pub password_hash: Option<String>,
}

impl AccountInput {
    /// A complete account, (id, e-mail, phone, name, language), whose `password` is still
    /// to be hashed: the demo's accounts and the tests'.
    pub fn complete(
        (id, email, phone, name, language): (&str, &str, &str, &str, &str),
        password: &str,
    ) -> AccountInput {
        AccountInput {
            id: Some(id.to_owned()),
            email: Some(email.to_owned()),
            phone: Some(phone.to_owned()),
            name: name.to_owned(),
            language: Some(language.to_owned()),
            password: Some(password.to_owned()),
            password_hash: None,
        }
    }

    /// Parses and hashes (argon2id with the configured parameters) into an account. A
    /// given `password_hash` must lie within [`stored::Bounds`]; one with other parameters
    /// than the configured ones is rehashed at the holder's next sign-in.
    pub fn into_account(self, config: &Config, now: i64) -> anyhow::Result<Account> {
        let name = PersonName::parse(&self.name).map_err(|e| anyhow::anyhow!("name: {e}"))?;
        let email = self
            .email
            .as_deref()
            .map(EmailAddress::parse)
            .transpose()
            .map_err(|e| anyhow::anyhow!("email: {e}"))?;
        let phone = self
            .phone
            .as_deref()
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(|e| anyhow::anyhow!("phone: {e}"))?;
        if let Some(lang) = &self.language {
            if !crate::i18n::LANGUAGES.contains(&lang.as_str()) {
                bail!(
                    "language {lang:?} is not one of {:?}",
                    crate::i18n::LANGUAGES
                );
            }
        }
        let id = self.id.unwrap_or_else(|| {
            format!("acc_{}", crate::crypto::to_hex(&rand::random::<[u8; 6]>()))
        });
        let params = config.security.argon2_params()?;
        let password_hash = match (self.password, self.password_hash) {
            (Some(_), Some(_)) => bail!("give either password or password_hash, not both"),
            (Some(password), None) => Some(hash_blocking(&params, &SecretString::from(password))?),
            (None, Some(phc)) => {
                stored::classify(&phc, &params)
                    .map_err(|e| anyhow::anyhow!("password_hash: {e}"))?;
                Some(phc)
            }
            (None, None) => None,
        };
        let mut account = Account::new(id, email, phone, name.as_str().to_owned(), now);
        account.language = self.language;
        account.password_hash = password_hash;
        Ok(account)
    }
}
