//! Local stand-ins for the outside world: a plain SMTP server and an HTTP SMS sink.
//! Both bind 127.0.0.1:0, record everything they receive, and live as long as the
//! test's Tokio runtime.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::{extract::State, http::HeaderMap, http::StatusCode, routing::post, Json, Router};
use serde_json::{json, Value};
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

/// A plain (no TLS) SMTP server that accepts every message and any AUTH PLAIN/LOGIN.
#[derive(Clone)]
pub struct SmtpServer {
    port: u16,
    inbox: Arc<Inbox<Mail>>,
    down: Arc<AtomicBool>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let port = listener.local_addr().expect("SMTP address").port();
        let inbox = Inbox::new();
        let accepting = inbox.clone();
        let down = Arc::new(AtomicBool::new(false));
        let is_down = down.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    let _ = stream
                        .write_all(b"421 4.3.2 Service not available, closing\r\n")
                        .await;
                    continue;
                }
                let inbox = accepting.clone();
                tokio::spawn(async move {
                    // A client hanging up mid-session is not the server's problem.
                    let _ = smtp_session(stream, &inbox).await;
                });
            }
        });
        SmtpServer { port, inbox, down }
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

async fn smtp_session(stream: TcpStream, inbox: &Inbox<Mail>) -> std::io::Result<()> {
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

/// Splits a MIME entity into header block and body at the first empty line.
fn split_head(entity: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some((head, body)) = entity.split_once(sep) {
            return (head, body);
        }
    }
    (entity, "")
}

/// The unfolded value of the first header called `name` (case-insensitive).
fn header_value(head: &str, name: &str) -> Option<String> {
    let unfolded = head
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    unfolded.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// A parameter such as `boundary` from a header value like `multipart/alternative; boundary="x"`.
fn header_param(value: &str, param: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(param)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The text of a MIME entity: for multiparts, the first text/plain part (else the first part).
fn decode_body(entity: &str) -> String {
    let (head, body) = split_head(entity);
    let content_type = header_value(head, "Content-Type").unwrap_or_default();
    if content_type.to_ascii_lowercase().starts_with("multipart/") {
        if let Some(boundary) = header_param(&content_type, "boundary") {
            let delimiter = format!("--{boundary}");
            let parts: Vec<&str> = body
                .split(delimiter.as_str())
                .skip(1)
                .take_while(|p| !p.starts_with("--"))
                .map(|p| p.trim_start_matches(['\r', '\n']))
                .collect();
            let is_plain = |p: &&&str| {
                let ct = header_value(split_head(p).0, "Content-Type").unwrap_or_default();
                ct.to_ascii_lowercase().starts_with("text/plain")
            };
            if let Some(part) = parts.iter().find(is_plain).or(parts.first()) {
                return decode_body(part);
            }
        }
    }
    let encoding = header_value(head, "Content-Transfer-Encoding").unwrap_or_default();
    let bytes = match encoding.to_ascii_lowercase().as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.as_bytes().to_vec(),
    };
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    text.trim_end_matches('\n').to_owned()
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &s)| n | (u32::from(s) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// Decodes RFC 2047 encoded words (`=?charset?B|Q?text?=`), assuming UTF-8.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let word: Vec<&str> = rest[start + 2..].splitn(3, '?').collect();
        let Some((text, tail)) = word.get(2).and_then(|t| t.split_once("?=")) else {
            break;
        };
        // Whitespace between two adjacent encoded words is not part of the text.
        let between = &rest[..start];
        if !(after_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        let bytes = match word[1].to_ascii_uppercase().as_str() {
            "B" => base64(text),
            _ => quoted_printable(&text.replace('_', " ")),
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        rest = tail;
        after_word = true;
    }
    out.push_str(rest);
    out
}

/// One request received by the SMS sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsMessage {
    pub to: String,
    pub text: String,
    /// The `Authorization` header as sent, e.g. `Bearer abc`.
    pub authorization: Option<String>,
}

/// An HTTP endpoint (`POST /sms`, JSON `{"to","text"}`) that records every message.
#[derive(Clone)]
pub struct SmsSink {
    url: String,
    inbox: Arc<Inbox<SmsMessage>>,
    failing: Arc<AtomicBool>,
}

impl SmsSink {
    pub async fn start() -> SmsSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMS sink");
        let port = listener.local_addr().expect("SMS sink address").port();
        let inbox = Inbox::new();
        let failing = Arc::new(AtomicBool::new(false));
        let app = Router::new()
            .route("/sms", post(receive_sms))
            .with_state((inbox.clone(), failing.clone()));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SmsSink {
            url: format!("http://127.0.0.1:{port}/sms"),
            inbox,
            failing,
        }
    }

    /// While failing, every request is answered `500` and not recorded.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// The full URL of the POST endpoint.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn messages(&self) -> Vec<SmsMessage> {
        self.inbox.all()
    }

    /// All messages once at least `count` have arrived, or whatever there is at `timeout`.
    pub async fn wait_for_sms(&self, count: usize, timeout: Duration) -> Vec<SmsMessage> {
        self.inbox.wait_for(count, timeout).await
    }
}

/// Records `{"to","text"}`; anything else is a 400 (and is not recorded).
async fn receive_sms(
    State((inbox, failing)): State<(Arc<Inbox<SmsMessage>>, Arc<AtomicBool>)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, Json<Value>) {
    if failing.load(Ordering::SeqCst) {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"ok": false, "error": "gateway failure"})),
        );
    }
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let field = |name: &str| parsed.as_ref()?.get(name)?.as_str().map(str::to_owned);
    let (Some(to), Some(text)) = (field("to"), field("text")) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": "want {\"to\",\"text\"}"})),
        );
    };
    let authorization = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    inbox.push(SmsMessage {
        to,
        text,
        authorization,
    });
    (StatusCode::OK, Json(json!({"ok": true})))
}
