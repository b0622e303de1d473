//! The fast path of shell highlighting: blocks made only of simple commands (`curl --header "…: $TOKEN" \`,
//! `git clone https://…`, whole-line comments) highlighted directly, byte for byte as tree-sitter's bash grammar
//! and its highlight query do through `arborium`, in a small fraction of the time (tree-sitter took about 20 µs
//! for a two-line `curl`, a sixth of a build's CPU on a site with a few shell blocks a page).
//!
//! [`highlight`] accepts only a narrow shape and returns `None` for anything else (keywords, pipes, redirects,
//! substitutions, globs, escapes, `${…}`, assignments…), which then goes to tree-sitter as before. Tree-sitter
//! stays the reference: a test generates many blocks of the accepted shape, and blocks just outside it, and
//! compares the two outputs on every one the fast path accepts.
//!
//! The shape, line by line (lines end in `\n`; no tabs or carriage returns):
//! - an empty line, or a comment: optional spaces, `#`, anything to the end of the line (`hl-comment`);
//! - a command: optional spaces, its name (`hl-function`), then arguments, each after one or more spaces. A
//!   line ending in ` \` continues the command on the next line, which starts with spaces and an argument.
//!
//! A name is a word that is not a shell keyword or builtin with a syntax of its own and has no `=`. An argument is
//! a word (`hl-constant` when it starts with `-`, plain otherwise), `'…'` (`hl-string`), `"…"` (`hl-string`, with
//! each `$NAME` inside as `hl-operator` `$` and `hl-property` `NAME`) or a bare `$NAME`. A word is made of
//! letters, digits and `_ . / : @ % + , - =`.

/// Characters of a word: letters, digits and these.
const WORD_PUNCT: &[u8] = b"_./:@%+,-=";

/// Names that are shell syntax (keywords, declarations, `test`'s brackets…), never a plain command's name here.
const RESERVED: &[&str] = &[
    "case", "coproc", "declare", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function", "if", "in",
    "local", "readonly", "select", "then", "time", "typeset", "unset", "unsetenv", "until", "while",
];

/// `code` (no trailing newline: `highlight::grammar` trims them) as tree-sitter's bash highlighting
/// would write it, or `None` when it is not made only of simple commands.
pub(crate) fn highlight(code: &str) -> Option<String> {
    if code.is_empty() || code.bytes().any(|b| b == b'\t' || b == b'\r') {
        return None;
    }
    let mut out = Html(String::with_capacity(code.len() * 3));
    let mut continued = false;
    for (i, line) in code.split('\n').enumerate() {
        if i > 0 {
            out.0.push('\n');
        }
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        if body.is_empty() {
            // An empty line ends a command; a line of spaces or a continuation into nothing is left to tree-sitter.
            if !line.is_empty() || continued {
                return None;
            }
            continue;
        }
        out.plain(indent);
        // `first`: the next argument follows at once (a continued line's indent is written already).
        let (mut first, mut rest) = if continued {
            if indent.is_empty() {
                return None;
            }
            (true, body)
        } else if body.starts_with('#') {
            out.span("comment", body);
            continue;
        } else {
            let end = body.find(' ').unwrap_or(body.len());
            let name = &body[..end];
            if !is_name(name) || RESERVED.contains(&name) {
                return None;
            }
            out.span("function", name);
            (false, &body[end..])
        };
        continued = false;
        loop {
            if !first {
                let spaces = rest.len() - rest.trim_start_matches(' ').len();
                if rest.is_empty() {
                    break;
                }
                if spaces == 0 {
                    return None;
                }
                out.plain(&rest[..spaces]);
                rest = &rest[spaces..];
                if rest.is_empty() {
                    // Trailing spaces.
                    return None;
                }
            }
            first = false;
            if rest == "\\" {
                out.plain(rest);
                continued = true;
                break;
            }
            let len = argument(rest, &mut out)?;
            rest = &rest[len..];
        }
    }
    if continued {
        return None;
    }
    Some(out.0)
}

/// Write the argument at the start of `text` and return its length, or `None` when it is not one of the accepted
/// kinds or is not followed by a space or the end of the line.
fn argument(text: &str, out: &mut Html) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = match bytes[0] {
        b'\'' => {
            let end = text[1..].find('\'')? + 2;
            out.span("string", &text[..end]);
            end
        }
        b'"' => double_quoted(text, out)?,
        b'$' => {
            let name = variable(&text[1..])?;
            out.span("operator", "$");
            out.span("property", name);
            1 + name.len()
        }
        _ => {
            let end = text.find(' ').unwrap_or(text.len());
            let word = &text[..end];
            if !is_word(word) {
                return None;
            }
            match word.starts_with('-') {
                true => out.span("constant", word),
                false => out.plain(word),
            }
            end
        }
    };
    (len == text.len() || bytes[len] == b' ').then_some(len)
}

/// A `"…"` string with only plain characters and `$NAME` inside: written, and its length returned.
fn double_quoted(text: &str, out: &mut Html) -> Option<usize> {
    let mut at = 1;
    let mut run = 0;
    while let Some(&b) = text.as_bytes().get(at) {
        match b {
            b'"' => {
                out.span("string", &text[run..=at]);
                return Some(at + 1);
            }
            b'\\' | b'`' | b'!' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => return None,
            b'$' => {
                // Tree-sitter puts spaces that are all there is before a `$` into the `$` token.
                let content = text[run..at].trim_start_matches('"');
                if !content.is_empty() && content.bytes().all(|b| b == b' ') {
                    return None;
                }
                let name = variable(&text[at + 1..])?;
                out.span("string", &text[run..at]);
                out.span("operator", "$");
                out.span("property", name);
                at += 1 + name.len();
                run = at;
            }
            _ => at += 1,
        }
    }
    None
}

/// The variable name at the start of `text` (a letter or `_`, then letters, digits and `_`), when the character
/// after it cannot continue an expansion (`[`, `{`, `(` and `:` can).
fn variable(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return None;
    }
    let end = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(bytes.len());
    match bytes.get(end) {
        Some(b'[' | b'{' | b'(' | b':') => None,
        _ => Some(&text[..end]),
    }
}

/// A command's name: letters, digits and `_ . / -`, not starting with `-` (tree-sitter reads `a@b` or `a%b` as
/// something else).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_./-".contains(&b))
}

fn is_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || WORD_PUNCT.contains(&b))
}

/// HTML as `arborium` writes it: `<span class="hl-…">`, text escaped with `&quot;` and `&#39;` (the same five
/// entities as [`crate::text::push_escaped`]). An empty run writes nothing.
struct Html(String);

impl Html {
    fn plain(&mut self, text: &str) {
        crate::text::push_escaped(&mut self.0, text);
    }

    fn span(&mut self, class: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        self.0.push_str("<span class=\"hl-");
        self.0.push_str(class);
        self.0.push_str("\">");
        self.plain(text);
        self.0.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::highlight;
    use crate::highlight::tree_sitter;

    /// A small deterministic generator (xorshift), so every run checks the same blocks.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
        fn chars(&mut self, set: &str, max: usize) -> String {
            let set: Vec<char> = set.chars().collect();
            (0..1 + self.below(max)).map(|_| set[self.below(set.len())]).collect()
        }
    }

    const NAMES: &[&str] = &[
        "curl",
        "git",
        "docker",
        "cargo",
        "npm",
        "glab",
        "ssh-keygen",
        "./run.sh",
        "a.b",
        "x_y",
        "echo",
        "cd",
        "printf",
        "read",
        "true",
        "make",
        "python3",
        "sudo",
        "env",
        "xdg-open",
        "kubectl",
        "a:b",
        "a@b",
        "a%b",
        "a+b",
        "a,b",
        "7z",
        "_x", // names tree-sitter may treat as syntax: the fast path must refuse them or agree
        "export",
        "local",
        "declare",
        "typeset",
        "readonly",
        "unset",
        "unsetenv",
        "time",
        "if",
        "for",
        "while",
        "case",
        "function",
        "select",
        "coproc",
        "test",
        "[",
        "[[",
        "let",
        "eval",
        "exec",
        "source",
        ".",
        "alias",
        "command",
        "builtin",
        "then",
        "do",
        "done",
        "fi",
        "in",
        "a=b",
        "-x",
        "!",
        "{",
        "}",
        "esac",
        "until",
        "elif",
        "else",
        "unset",
        "coproc",
    ];

    /// One argument: mostly of the accepted kinds, sometimes just outside them.
    fn argument(r: &mut Rng) -> String {
        const WORD: &str = "abcXYZ0189_./:@%+,-=";
        const QUOTED: &str = "ab Z09:/?&=#@'-_.,;|<>*~{}()[]^%+é→";
        match r.below(12) {
            0 | 1 => format!("-{}", r.chars(WORD, 6)),
            2 => format!("--{}", r.chars(WORD, 8)),
            3 | 4 => r.chars(WORD, 10),
            5 => format!("'{}'", r.chars("ab $\"\\#`!{}()x;|é", 8)),
            6 | 7 => {
                let mut s = String::from("\"");
                for _ in 0..1 + r.below(4) {
                    match r.below(5) {
                        0 => s.push_str(&format!(
                            "${}",
                            r.pick(&["TOKEN", "A", "_b", "x1", "HOME", "1", "@", "{A}", "A[0]", "A:"])
                        )),
                        _ => s.push_str(&r.chars(QUOTED, 6)),
                    }
                }
                s.push('"');
                s
            }
            8 => format!(
                "${}",
                r.pick(&["TOKEN", "A", "_b", "x1", "1", "?", "{A}", "A[1]", "(x)", "A:b"])
            ),
            9 => r
                .pick(&[
                    "|",
                    ">",
                    "&&",
                    ";",
                    "$(x)",
                    "*.txt",
                    "~/x",
                    "a\\ b",
                    "\"a\\\"b\"",
                    "!x",
                    "{a,b}",
                    "2>&1",
                    "`x`",
                    "#c",
                    "a#b",
                    "x=1",
                    "-",
                    "--",
                    "=",
                    "a=",
                    "\\",
                ])
                .to_string(),
            10 => format!("{}{}", r.chars(WORD, 4), r.pick(&["\"q\"", "'q'", "$A", "=\"v\""])),
            _ => r
                .pick(&[
                    "https://gitlab.example.com/api/v4/user",
                    "-H",
                    "--header",
                    "PRIVATE-TOKEN:",
                    "main",
                    "1.2.3",
                    "v4",
                    "user@host",
                    "a,b,c",
                    "-1",
                    "10",
                    "0",
                ])
                .to_string(),
        }
    }

    fn block(r: &mut Rng) -> String {
        let mut out = String::new();
        for c in 0..1 + r.below(3) {
            if c > 0 {
                out.push('\n');
            }
            match r.below(10) {
                0 => {
                    out.push_str(&" ".repeat(r.below(2)));
                    out.push('#');
                    out.push_str(&r.chars(" abc$\"'<>&;|xé→", 20));
                    continue;
                }
                1 => continue, // an empty line
                _ => {}
            }
            out.push_str(&" ".repeat(r.below(4) / 3));
            out.push_str(r.pick(NAMES));
            for _ in 0..r.below(6) {
                match r.below(8) {
                    0 => out.push_str(" \\\n  "),
                    1 => out.push_str("  "),
                    _ => out.push(' '),
                }
                out.push_str(&argument(r));
            }
            if r.below(15) == 0 {
                out.push_str(r.pick(&[" ", " \\", "\t", "\r"]));
            }
        }
        out
    }

    /// Every generated block the fast path accepts is highlighted exactly as tree-sitter highlights it; and it
    /// accepts enough of them for that to mean something.
    #[test]
    fn the_fast_path_writes_what_tree_sitter_writes() {
        let (mut accepted, total) = (0, 60_000);
        let mut failures = Vec::new();
        for i in 0..total {
            let mut r = Rng((0x9e37_79b9_7f4a_7c15 ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)) | 1);
            let code = block(&mut r);
            let code = code.trim_end_matches('\n');
            if let Some(fast) = highlight(code) {
                accepted += 1;
                let slow = tree_sitter("bash", code);
                if fast != slow {
                    failures.push(format!("block:\n{code}\nfast: {fast:?}\nslow: {slow:?}"));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} differ:\n{}",
            failures.len(),
            failures.iter().take(12).cloned().collect::<Vec<_>>().join("\n---\n")
        );
        assert!(
            accepted > total / 10,
            "only {accepted} of {total} generated blocks took the fast path"
        );
    }

    /// Blocks as documentation writes them: each takes the fast path (or not), with tree-sitter's output.
    #[test]
    fn real_blocks_take_the_fast_path_and_agree() {
        let cases: &[(&str, bool)] = &[
            (
                "curl --header \"PRIVATE-TOKEN: $TOKEN\" \\\n  \"https://gitlab.example.com/api/v4/projects/1/hooks?per_page=3\"",
                true,
            ),
            ("git clone https://gitlab.example.com/group/project.git", true),
            (
                "# Log in once; Docker keeps the token\ndocker login registry.gitlab.example.com -u oauth2 -p \"$TOKEN\"",
                true,
            ),
            ("export GITLAB_TOKEN=glpat-xxxx", false),
            ("curl -s https://x | jq .", false),
            ("echo $(date)", false),
            ("cat <<EOF\nx\nEOF", false),
            ("cargo install --path crates/polydoc\n\npolydoc build", true),
        ];
        for (code, fast) in cases {
            let got = highlight(code);
            assert_eq!(got.is_some(), *fast, "{code}");
            if let Some(html) = got {
                assert_eq!(html, tree_sitter("bash", code), "{code}");
            }
        }
    }
}
