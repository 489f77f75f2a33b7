//! Local stand-ins for the outside world: a plain SMTP server and an HTTP SMS sink.
//! Both bind 127.0.0.1:0, record everything they receive, and live as long as the
//! test's Tokio runtime.
#![allow(dead_code)]

mod mime;
mod sms;

pub use sms::SmsSink;

use mime::{decode_body, decode_words, header_value, split_head};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{tcp::OwnedReadHalf, TcpListener, TcpStream};
use tokio::sync::Notify;

/// Received items plus a wake-up for waiters.
struct Inbox<T> {
    items: Mutex<Vec<T>>,
    notify: Notify,
}

impl<T: Clone> Inbox<T> {
    fn new() -> Arc<Self> {
        Arc::new(Inbox {
            items: Mutex::new(Vec::new()),
            notify: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Vec<T>> {
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn push(&self, item: T) {
        self.lock().push(item);
        self.notify.notify_waiters();
    }

    fn all(&self) -> Vec<T> {
        self.lock().clone()
    }

    async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Created before the check, so a push in between still wakes it.
            let notified = self.notify.notified();
            let items = self.all();
            if items.len() >= count {
                return items;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.all();
            }
        }
    }
}

/// One message as received over SMTP.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Envelope sender (`MAIL FROM`), without angle brackets.
    pub from: String,
    /// Envelope recipients (`RCPT TO`), without angle brackets.
    pub to: Vec<String>,
    /// Raw DATA (headers and body) after dot-unstuffing, CRLF line endings.
    pub data: String,
    /// Decoded text body (the text/plain part of a multipart), with `\n` line endings.
    pub body: String,
}

impl Mail {
    /// A top-level header, unfolded, with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = split_head(&self.data);
        header_value(head, name).map(|v| decode_words(&v))
    }

    pub fn subject(&self) -> Option<String> {
        self.header("Subject")
    }
}

/// A plain (no TLS) SMTP server that accepts every message and any AUTH PLAIN/LOGIN, unless
/// told to refuse recipients ([`SmtpServer::refuse_recipients`]).
#[derive(Clone)]
pub struct SmtpServer {
    port: u16,
    inbox: Arc<Inbox<Mail>>,
    down: Arc<AtomicBool>,
    rcpt: Arc<Recipients>,
}

/// What the server answers to `RCPT TO`, and how many it was sent.
#[derive(Default)]
struct Recipients {
    refusal: Mutex<Option<String>>,
    seen: AtomicUsize,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let port = listener.local_addr().expect("SMTP address").port();
        let inbox = Inbox::new();
        let accepting = inbox.clone();
        let down = Arc::new(AtomicBool::new(false));
        let is_down = down.clone();
        let rcpt = Arc::new(Recipients::default());
        let answers = rcpt.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    let _ = stream
                        .write_all(b"421 4.3.2 Service not available, closing\r\n")
                        .await;
                    continue;
                }
                let inbox = accepting.clone();
                let rcpt = answers.clone();
                tokio::spawn(async move {
                    // A client hanging up mid-session is not the server's problem.
                    let _ = smtp_session(stream, &inbox, &rcpt).await;
                });
            }
        });
        SmtpServer {
            port,
            inbox,
            down,
            rcpt,
        }
    }

    /// Answers every `RCPT TO` with `reply` (say `550 5.1.1 No such user`), or accepts
    /// them again with None.
    pub fn refuse_recipients(&self, reply: Option<&str>) {
        *self
            .rcpt
            .refusal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = reply.map(str::to_owned);
    }

    /// How many `RCPT TO` commands arrived (accepted or refused): one per attempt.
    pub fn recipient_attempts(&self) -> usize {
        self.rcpt.seen.load(Ordering::SeqCst)
    }

    /// While down, every connection is refused with `421` and closed.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.inbox.all()
    }

    /// All mails once at least `count` have arrived, or whatever there is at `timeout`.
    pub async fn wait_for_mail(&self, count: usize, timeout: Duration) -> Vec<Mail> {
        self.inbox.wait_for(count, timeout).await
    }
}

async fn smtp_session(
    stream: TcpStream,
    inbox: &Inbox<Mail>,
    rcpt: &Recipients,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write
        .write_all(b"220 localhost ESMTP test server\r\n")
        .await?;
    let (mut from, mut to): (Option<String>, Vec<String>) = (None, Vec::new());
    while let Some(raw) = read_line(&mut lines).await? {
        let command = raw.trim_end_matches(['\r', '\n']);
        let verb = command
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let arg = command.get(verb.len()..).unwrap_or_default().trim();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 localhost\r\n",
            "AUTH" => {
                let mut words = arg.split_whitespace();
                let mechanism = words.next().unwrap_or_default().to_ascii_uppercase();
                let prompts: &[&[u8]] = match (mechanism.as_str(), words.next()) {
                    ("PLAIN", None) => &[b"334 \r\n"],
                    ("LOGIN", None) => &[b"334 VXNlcm5hbWU6\r\n", b"334 UGFzc3dvcmQ6\r\n"],
                    ("LOGIN", Some(_)) => &[b"334 UGFzc3dvcmQ6\r\n"],
                    _ => &[],
                };
                for prompt in prompts {
                    write.write_all(prompt).await?;
                    read_line(&mut lines).await?;
                }
                b"235 2.7.0 Authentication successful\r\n"
            }
            "MAIL" => {
                from = Some(angle_addr(arg));
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" if from.is_some() => {
                rcpt.seen.fetch_add(1, Ordering::SeqCst);
                let refusal = rcpt
                    .refusal
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .clone();
                if let Some(refusal) = refusal {
                    write.write_all(format!("{refusal}\r\n").as_bytes()).await?;
                    continue;
                }
                to.push(angle_addr(arg));
                b"250 OK\r\n"
            }
            "DATA" if !to.is_empty() => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    // A client that hangs up before the final dot sent nothing.
                    let Some(l) = read_line(&mut lines).await? else {
                        return Ok(());
                    };
                    let content = l.trim_end_matches(['\r', '\n']);
                    if content == "." {
                        break;
                    }
                    data.push_str(content.strip_prefix('.').unwrap_or(content));
                    data.push_str("\r\n");
                }
                let body = decode_body(&data);
                let to = std::mem::take(&mut to);
                inbox.push(Mail {
                    from: from.take().unwrap_or_default(),
                    to,
                    data,
                    body,
                });
                b"250 OK: queued\r\n"
            }
            "RCPT" | "DATA" => b"503 Bad sequence of commands\r\n",
            "RSET" => {
                (from, to) = (None, Vec::new());
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
    Ok(())
}

/// One line including its terminator, lossily decoded; `None` at end of stream.
async fn read_line(lines: &mut BufReader<OwnedReadHalf>) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    if lines.read_until(b'\n', &mut line).await? == 0 {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// `FROM:<a@b.c> BODY=8BITMIME` -> `a@b.c`.
fn angle_addr(arg: &str) -> String {
    let after_colon = arg.split_once(':').map_or(arg, |(_, rest)| rest).trim();
    match after_colon
        .strip_prefix('<')
        .and_then(|s| s.split_once('>'))
    {
        Some((addr, _)) => addr.to_owned(),
        None => after_colon
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}
