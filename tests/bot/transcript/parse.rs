//! Reading a transcript: its lines (an indented line continues the one above), and the
//! values some lines carry (a clock step, a fault).

use std::time::Duration;
use telegram_emulator::Fault;

pub struct Line {
    pub number: usize,
    pub head: String,
    pub body: String,
}

pub fn parse(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if raw.starts_with(char::is_whitespace) {
            if let Some(last) = lines.last_mut() {
                last.body.push('\n');
                last.body.push_str(raw.trim());
                continue;
            }
        }
        let (head, body) = match raw.find([':', '~']) {
            Some(split) => {
                let (head, rest) = raw.split_at(split);
                (
                    format!("{}{}", head.trim(), &rest[..1]),
                    rest[1..].trim().to_string(),
                )
            }
            None => (raw.trim().to_string(), String::new()),
        };
        lines.push(Line {
            number: i + 1,
            head,
            body,
        });
    }
    lines
}

pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim().trim_start_matches('+');
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = number.parse().ok()?;
    Some(Duration::from_secs(match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return None,
    }))
}

/// `sendMessage 429 x2` → the method, the fault and how many calls it strikes.
pub fn parse_fault(text: &str) -> Option<(&str, Fault, usize)> {
    let mut words = text.split_whitespace();
    let method = words.next()?;
    let fault = match words.next()? {
        "429" => Fault::TooManyRequests { retry_after: 1 },
        "500" => Fault::ServerError,
        "drop" => Fault::Drop,
        _ => return None,
    };
    let times = match words.next() {
        Some(n) => n.strip_prefix('x')?.parse().ok()?,
        None => 1,
    };
    Some((method, fault, times))
}
