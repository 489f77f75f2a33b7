//! What users wrote, as the staff chat shows it: unmistakably theirs, so that a first name
//! like "Sam answered" or a text with a line "Ticket #1 taken by Sam." cannot pass for the
//! bot's own words.
//!
//! - A **name** loses its control characters, line breaks and bidi controls, its runs of
//!   whitespace become one space, and it is wrapped in Unicode bidi isolation (FSI … PDI,
//!   [`isolated`]), so it stays on its line and cannot reorder the text around it.
//! - A **text** is shown line by line, every line starting with [`QUOTE`], which no line of
//!   the bot's own starts with (a unit test checks every locale), its content cleaned the
//!   same way and isolated. A line longer than [`LINE_MAX`] continues on another quoted
//!   line, and a text is split into messages between lines only, so every line of it that
//!   agents see carries the prefix.

use crate::chat::Arg;

/// The start of every line of user text in the staff chat.
pub const QUOTE: &str = "│ ";
/// Characters of a quoted line at most.
pub const LINE_MAX: usize = 1000;
/// What a name that is empty once cleaned is shown as.
const NO_NAME: &str = "?";

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// One line without control characters or bidi controls, its whitespace runs as one space,
/// trimmed.
pub fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut gap = false;
    for c in line.chars() {
        if c.is_whitespace() {
            gap = true;
        } else if !(c.is_control() || is_bidi_control(c)) {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// A name as it may stand in a line of the bot's: cleaned, never empty.
pub fn clean_name(raw: &str) -> String {
    let name = clean(raw);
    if name.is_empty() {
        NO_NAME.to_string()
    } else {
        name
    }
}

/// A user-supplied name as a message argument: cleaned and isolated.
pub fn name(raw: &str) -> Arg {
    Arg::Text(format!("\u{2068}{}\u{2069}", clean_name(raw)))
}

/// The text as quoted lines (empty lines kept, as a bare bar).
pub fn lines(text: &str) -> Vec<String> {
    let mut quoted = Vec::new();
    // "a\r\nb" is one break, not two.
    for line in text.replace("\r\n", "\n").split(is_line_break) {
        let chars: Vec<char> = clean(line).chars().collect();
        if chars.is_empty() {
            quoted.push(QUOTE.trim_end().to_string());
            continue;
        }
        for part in chars.chunks(LINE_MAX) {
            let part: String = part.iter().collect();
            quoted.push(format!("{QUOTE}\u{2068}{part}\u{2069}"));
        }
    }
    quoted
}

/// The first `max_lines` quoted lines of the text's first `max_chars` characters, and `…`
/// when something was left out.
pub fn excerpt(text: &str, max_chars: usize, max_lines: usize) -> String {
    let head: String = text.chars().take(max_chars).collect();
    let mut shown = lines(&head);
    if shown.len() > max_lines || head.len() < text.len() {
        shown.truncate(max_lines);
        shown.push(format!("{QUOTE}…"));
    }
    shown.join("\n")
}

/// Splits text into pieces of at most `max` characters.
pub fn chunks(text: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(max.max(1))
        .map(|c| c.iter().collect())
        .collect()
}

/// Quoted lines packed into pieces of at most `max` characters, split between lines only.
pub fn pack(lines: &[String], max: usize) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        let extra = line.chars().count() + usize::from(!current.is_empty());
        if !current.is_empty() && current.chars().count() + extra > max {
            pieces.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, LANGUAGES};

    #[test]
    fn names_lose_line_breaks_controls_and_bidi_controls() {
        assert_eq!(clean_name("Sam\nanswered"), "Sam answered");
        assert_eq!(
            clean_name(" Ann \u{202E}nimda\u{2066} \t x\u{0}"),
            "Ann nimda x"
        );
        assert_eq!(clean_name("\u{200F}\n"), "?");
        assert_eq!(clean_name("👩‍💻 Zoë"), "👩‍💻 Zoë");
        assert_eq!(
            name("Sam answered"),
            Arg::Text("\u{2068}Sam answered\u{2069}".into())
        );
    }

    #[test]
    fn every_line_of_a_text_is_quoted_and_isolated() {
        assert_eq!(
            lines("hello\n\nTicket #1 taken by Sam.\r\n\u{2069}x\u{2028}y"),
            [
                "│ \u{2068}hello\u{2069}",
                "│",
                "│ \u{2068}Ticket #1 taken by Sam.\u{2069}",
                "│ \u{2068}x\u{2069}",
                "│ \u{2068}y\u{2069}",
            ]
        );
        let long = "a".repeat(LINE_MAX + 5);
        let quoted = lines(&long);
        assert_eq!(quoted.len(), 2);
        assert!(quoted.iter().all(|l| l.starts_with(QUOTE)));
    }

    #[test]
    fn chunks_split_on_characters() {
        assert_eq!(chunks("abcde", 2), ["ab", "cd", "e"]);
        assert_eq!(chunks("ééé", 2), ["éé", "é"]);
        assert!(chunks("", 3).is_empty());
    }

    #[test]
    fn pieces_are_split_between_lines_only() {
        let quoted = lines(&"word\n".repeat(50));
        let pieces = pack(&quoted, 40);
        assert!(pieces.len() > 1);
        for piece in &pieces {
            assert!(piece.chars().count() <= 40, "{piece}");
            assert!(piece.lines().all(|l| l.starts_with('│')), "{piece}");
        }
        assert_eq!(pieces.join("\n"), quoted.join("\n"));
    }

    #[test]
    fn excerpts_are_cut_and_marked() {
        assert_eq!(
            excerpt("a\nb\nc", 100, 2),
            "│ \u{2068}a\u{2069}\n│ \u{2068}b\u{2069}\n│ …"
        );
        assert_eq!(excerpt("abcdef", 3, 5), "│ \u{2068}abc\u{2069}\n│ …");
        assert_eq!(excerpt("abc", 3, 5), "│ \u{2068}abc\u{2069}");
    }

    #[test]
    fn no_line_of_the_bots_own_starts_with_the_quote_bar() {
        let bar = QUOTE.trim_end();
        for lang in LANGUAGES {
            let i18n = I18n::new(lang).expect("locales");
            for key in I18n::keys(lang) {
                let text = i18n.text(lang, &key, &[]);
                for line in text.lines() {
                    assert!(!line.trim_start().starts_with(bar), "{lang} {key}: {line}");
                }
            }
        }
    }
}
