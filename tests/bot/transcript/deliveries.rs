//! Transcript lines about what reached the outside world: e-mails, SMS, the audit log.

use super::{Line, Runner, WAIT};
use crate::harness::poll;
use std::time::Duration;

impl Runner {
    pub(super) async fn expect_delivery(&mut self, line: &Line) {
        let (kind, to) = line
            .head
            .trim_end_matches(['~', ':'])
            .split_once(" to ")
            .unwrap_or_else(|| self.fail(line, "say `email to ADDRESS~ text`".into()));
        let to = to.trim().to_string();
        let (text, recipient) = if kind == "email" {
            let mails = self.bot().smtp.wait_for_mail(self.mails + 1, WAIT).await;
            let mail = mails
                .get(self.mails)
                .cloned()
                .unwrap_or_else(|| self.fail(line, "no e-mail arrived".into()));
            self.mails += 1;
            (
                format!(
                    "Subject: {}\n{}",
                    mail.subject().unwrap_or_default(),
                    mail.body
                ),
                mail.to.join(","),
            )
        } else {
            let all = self.bot().sms.wait_for_sms(self.sms + 1, WAIT).await;
            let sms = all
                .get(self.sms)
                .cloned()
                .unwrap_or_else(|| self.fail(line, "no SMS arrived".into()));
            self.sms += 1;
            (sms.text, sms.to)
        };
        if recipient != to || !text.contains(&line.body) {
            self.fail(line, format!("got one to {recipient}:\n{text}"));
        }
        if let Some(code) = text
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
        {
            self.code = Some(code.to_string());
        }
    }

    pub(super) async fn expect_nothing_delivered(&self, line: &Line) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (now, seen) = if line.head == "no email" {
            (self.bot().smtp.mails().len(), self.mails)
        } else {
            (self.bot().sms.messages().len(), self.sms)
        };
        if now != seen {
            self.fail(line, format!("{} were delivered", now - seen));
        }
    }

    pub(super) async fn expect_audit(&self, line: &Line) {
        let store = &self.bot().services.store();
        let found = poll(|| {
            let log = store.audit_log(None).expect("audit log");
            log.iter().any(|r| r.name() == line.body).then_some(())
        })
        .await;
        if found.is_none() {
            let log = store.audit_log(None).expect("audit log");
            let names: Vec<_> = log.iter().map(|r| r.name()).collect();
            self.fail(line, format!("the audit log holds {names:?}"));
        }
    }
}
