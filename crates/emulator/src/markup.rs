//! `parse_mode` handling: turns HTML / MarkdownV2 / Markdown text into the
//! plain text Telegram would store, and rejects markup Telegram would reject
//! ("can't parse entities"), so formatting bugs show up in tests.

/// Plain text of `text` under `parse_mode`, or the error description (without
/// the "Bad Request: " prefix).
pub(super) fn plain_text(text: &str, parse_mode: Option<&str>) -> Result<String, String> {
    let parsed = match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        None | Some("") => Ok(text.to_owned()),
        Some("html") => html(text),
        Some("markdownv2") => markdown_v2(text),
        Some("markdown") => markdown_legacy(text),
        Some(other) => return Err(format!("unsupported parse_mode \"{other}\"")),
    };
    parsed.map_err(|e| format!("can't parse entities: {e}"))
}

const HTML_TAGS: [&str; 16] = [
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

fn html(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let offset = text.len() - rest.len();
        match c {
            '<' => {
                let end = rest
                    .find('>')
                    .ok_or_else(|| format!("unclosed start tag at byte offset {offset}"))?;
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(top) if top == name => {}
                        Some(top) => {
                            return Err(format!(
                                "can't find end tag corresponding to start tag \"{top}\""
                            ));
                        }
                        None => {
                            return Err(format!(
                                "unmatched end tag at byte offset {offset}, expected \"</{name}>\""
                            ));
                        }
                    }
                } else {
                    let name = tag
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if !HTML_TAGS.contains(&name.as_str()) {
                        return Err(format!(
                            "unsupported start tag \"{name}\" at byte offset {offset}"
                        ));
                    }
                    open.push(name);
                }
            }
            '&' => {
                let (decoded, used) = html_entity(rest).unwrap_or(('&', 1));
                out.push(decoded);
                rest = &rest[used..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    match open.pop() {
        Some(top) => Err(format!(
            "can't find end tag corresponding to start tag \"{top}\""
        )),
        None => Ok(out),
    }
}

/// Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric entities at the start of `s`.
fn html_entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12.min(s.len())).unwrap_or(s).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

const MDV2_RESERVED: &str = "_*[]()~`>#+-=|{}.!";

fn markdown_v2(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = 0;
    while let Some((offset, c)) = chars.get(i).copied() {
        let in_code = matches!(open.last(), Some(("`" | "```", _)));
        let line_start = i == 0 || at(i - 1) == Some('\n');
        let mut toggle = |kind: &'static str, width: usize| {
            match open.iter().rposition(|(k, _)| *k == kind) {
                Some(pos) => open.truncate(pos),
                None => open.push((kind, offset)),
            }
            width
        };
        i += match c {
            '\\' => match at(i + 1) {
                Some(next) if (next as u32) < 127 => {
                    out.push(next);
                    2
                }
                _ => return Err(format!("character '\\' at byte offset {offset} must be followed by an escaped character")),
            },
            '`' if at(i + 1) == Some('`') && at(i + 2) == Some('`') => {
                let opening = !in_code;
                let width = toggle("```", 3);
                if opening {
                    // skip the optional language name of a pre block
                    let mut j = i + 3;
                    while at(j).is_some_and(|c| !c.is_whitespace()) {
                        j += 1;
                    }
                    if at(j) == Some('\n') {
                        j += 1;
                    }
                    j - i
                } else {
                    width
                }
            }
            '`' => toggle("`", 1),
            _ if in_code => {
                out.push(c);
                1
            }
            '*' => toggle("*", 1),
            '_' if at(i + 1) == Some('_') => toggle("__", 2),
            '_' => toggle("_", 1),
            '~' => toggle("~", 1),
            '|' if at(i + 1) == Some('|') => toggle("||", 2),
            '>' if line_start => 1,
            '[' => {
                open.push(("[", offset));
                1
            }
            ']' if matches!(open.last(), Some(("[", _))) => {
                open.pop();
                if at(i + 1) == Some('(') {
                    let close = (i + 2..chars.len()).find(|&j| at(j) == Some(')') && at(j - 1) != Some('\\'));
                    let close = close.ok_or_else(|| format!("can't find end of a URL at byte offset {offset}"))?;
                    close + 1 - i
                } else {
                    1
                }
            }
            _ if MDV2_RESERVED.contains(c) => {
                return Err(format!("character '{c}' is reserved and must be escaped with the preceding '\\'"));
            }
            _ => {
                out.push(c);
                1
            }
        };
    }
    match open.last() {
        Some((kind, offset)) => Err(format!(
            "can't find end of {kind} entity at byte offset {offset}"
        )),
        None => Ok(out),
    }
}

fn markdown_legacy(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<(char, usize)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        match (c, open) {
            ('\\', None) if chars.peek().is_some_and(|&(_, n)| "_*`[".contains(n)) => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            ('*' | '_' | '`', None) => open = Some((c, offset)),
            (_, Some((kind, _))) if c == kind => open = None,
            ('[', None) => open = Some(('[', offset)),
            (']', Some(('[', _))) => {
                open = None;
                if chars.peek().is_some_and(|&(_, n)| n == '(') {
                    for (_, n) in chars.by_ref() {
                        if n == ')' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    match open {
        Some((_, offset)) => Err(format!(
            "can't find end of the entity starting at byte offset {offset}"
        )),
        None => Ok(out),
    }
}
