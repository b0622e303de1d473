//! Keyboard reach for what scrolls: code blocks and table wrappers get `tabindex="0"`, so a reader without a mouse can scroll them.
//!
//! The wrappers get no `role="region"`: a page with several tables would have several regions of one name,
//! which axe reports (`landmark-unique`); focus lands on the table, which screen readers announce as such.

/// The opening tag of a table's scroll wrapper.
pub const TABLE_WRAP_OPEN: &str = "<div class=\"table-wrap\" tabindex=\"0\">";

/// `<pre>` blocks written as raw HTML in the Markdown (`<pre><code…`) become focusable; fenced code blocks are
/// written focusable by [`crate::highlight::code_block`].
pub fn focusable_code_blocks(html: String) -> String {
    // `memmem` (SIMD): this looks through every page's whole HTML, and `str::contains` was 0.6% of a build.
    if memchr::memmem::find(html.as_bytes(), b"<pre><code").is_none() {
        return html;
    }
    html.replace("<pre><code", "<pre tabindex=\"0\"><code")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_focusable() {
        assert_eq!(
            focusable_code_blocks("<pre><code class=\"language-sh\">x</code></pre>\n<pre>raw</pre>".into()),
            "<pre tabindex=\"0\"><code class=\"language-sh\">x</code></pre>\n<pre>raw</pre>"
        );
    }
}
