//! Just enough MIME to read what lettre sends: headers (folded, RFC 2047 words), multipart
//! bodies, quoted-printable and base64.

/// Splits a MIME entity into header block and body at the first empty line.
pub(super) fn split_head(entity: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some((head, body)) = entity.split_once(sep) {
            return (head, body);
        }
    }
    (entity, "")
}

/// The unfolded value of the first header called `name` (case-insensitive).
pub(super) fn header_value(head: &str, name: &str) -> Option<String> {
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
pub(super) fn decode_body(entity: &str) -> String {
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
pub(super) fn decode_words(value: &str) -> String {
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
