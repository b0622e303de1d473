//! Keyboard reach for what scrolls: code blocks and table wrappers get `tabindex="0"` (tables also a named region), so a reader without a mouse can scroll them.

/// The opening tag of a table's scroll wrapper, named `label` (in the content's language) for screen readers.
pub fn table_wrap_open(label: &str) -> String {
    if label.is_empty() {
        return "<div class=\"table-wrap\" tabindex=\"0\">".to_string();
    }
    format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        crate::markdown::escape_html(label)
    )
}

/// `<pre>` blocks as the Markdown renderer writes them (`<pre><code…`) become focusable.
pub fn focusable_code_blocks(html: String) -> String {
    if !html.contains("<pre><code") {
        return html;
    }
    html.replace("<pre><code", "<pre tabindex=\"0\"><code")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrollers_are_focusable_and_named() {
        assert_eq!(
            focusable_code_blocks("<pre><code class=\"language-sh\">x</code></pre>\n<pre>raw</pre>".into()),
            "<pre tabindex=\"0\"><code class=\"language-sh\">x</code></pre>\n<pre>raw</pre>"
        );
        assert_eq!(
            table_wrap_open("Tabla \"A\""),
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Tabla &quot;A&quot;\">"
        );
        assert_eq!(table_wrap_open(""), "<div class=\"table-wrap\" tabindex=\"0\">");
    }
}
