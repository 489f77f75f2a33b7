use super::super::markup::plain_text;

#[test]
fn plain_and_html() {
    assert_eq!(plain_text("a <b> c", None).as_deref(), Ok("a <b> c"));
    let html = plain_text(
        "<b>Code</b>: <code>12&lt;34&gt;</code> &amp; <a href=\"https://x\">link</a>",
        Some("HTML"),
    );
    assert_eq!(html.as_deref(), Ok("Code: 12<34> & link"));
    assert!(plain_text("<b>open", Some("HTML")).is_err());
    assert!(plain_text("x <div>y</div>", Some("HTML")).is_err());
    assert!(plain_text("1 < 2", Some("HTML")).is_err());
    assert!(plain_text("<b>x</i>", Some("HTML")).is_err());
}

#[test]
fn markdown_v2() {
    let ok = plain_text(
        r"*Bold* _it_ __u__ ~s~ ||sp|| `c.d` [link](https://e.com/a\)b) 1\.5\!",
        Some("MarkdownV2"),
    );
    assert_eq!(ok.as_deref(), Ok("Bold it u s sp c.d link 1.5!"));
    let err = plain_text("Done.", Some("MarkdownV2")).expect_err("unescaped dot");
    assert!(
        err.starts_with("can't parse entities: character '.' is reserved"),
        "{err}"
    );
    assert!(plain_text("*open", Some("MarkdownV2")).is_err());
    assert_eq!(
        plain_text("```rust\nlet x = 1;\n```", Some("MarkdownV2")).as_deref(),
        Ok("let x = 1;\n")
    );
    assert_eq!(
        plain_text(">quote", Some("MarkdownV2")).as_deref(),
        Ok("quote")
    );
}

#[test]
fn markdown_legacy() {
    assert_eq!(
        plain_text("*b* _i_ `c` [t](u) 1.5!", Some("Markdown")).as_deref(),
        Ok("b i c t 1.5!")
    );
    assert!(plain_text("*open", Some("Markdown")).is_err());
}
