//! The readable table `polydoc i18n status` prints from a [`super::StatusReport`].

use super::{MessageProblem, PageState, PageStatus, StatusReport};

/// The readable table `polydoc i18n status` prints.
pub fn render_text(report: &StatusReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for l in &report.languages {
        let c = &l.counts;
        let _ = writeln!(
            s,
            "{} ({}): {} current, {} outdated, {} untracked, {} missing pages; {} message problem(s); {} structure difference(s)",
            l.name, l.lang, c.current, c.outdated, c.untracked, c.missing, c.messages, c.parity
        );
        if let Some(po) = &l.po {
            let _ = writeln!(
                s,
                "  {}: {} translated, {} fuzzy, {} untranslated, {} missing messages (readers see the original for all but the translated)",
                po.file, po.translated, po.fuzzy, po.untranslated, po.missing
            );
        }
        let todo: Vec<&PageStatus> = l.pages.iter().filter(|p| p.state != PageState::Current).collect();
        if !todo.is_empty() {
            let _ = writeln!(s, "\n  {:<10} {:<40} WHAT TO DO", "PAGE", "FILE");
            for p in todo {
                let (file, what) = match p.state {
                    PageState::Missing => (
                        format!("{}/{}", l.dir, p.key),
                        format!("translate {} (readers see the original)", p.source_file),
                    ),
                    PageState::Outdated => (
                        p.file.clone().unwrap_or_default(),
                        format!(
                            "{} changed since {}; update, then `polydoc i18n mark {}`",
                            p.source_file,
                            p.translated_from.as_deref().unwrap_or("?"),
                            p.file.as_deref().unwrap_or_default()
                        ),
                    ),
                    PageState::Untracked => (
                        p.file.clone().unwrap_or_default(),
                        format!(
                            "review against {}, then `polydoc i18n mark {}`",
                            p.source_file,
                            p.file.as_deref().unwrap_or_default()
                        ),
                    ),
                    PageState::Current => continue,
                };
                let _ = writeln!(s, "  {:<10} {:<40} {}", p.state.label(), file, what);
            }
        }
        if !l.messages.is_empty() {
            let _ = writeln!(s, "\n  {:<10} {:<40} ID AND WHAT TO DO", "MESSAGE", "FILE:LINE");
            for m in &l.messages {
                let kind = match m.problem {
                    MessageProblem::Missing => "missing",
                    MessageProblem::Extra => "extra",
                    MessageProblem::Variables => "variables",
                    MessageProblem::Plural => "plural",
                };
                let _ = writeln!(
                    s,
                    "  {:<10} {:<40} {}: {}",
                    kind,
                    format!("{}:{}", m.file, m.line),
                    m.id,
                    m.detail
                );
            }
        }
        if !l.parity.is_empty() {
            let _ = writeln!(s, "\n  STRUCTURE");
            for p in &l.parity {
                let _ = writeln!(s, "  {:<14} {}: {}", p.kind, p.file, p.detail);
            }
        }
        let _ = writeln!(s);
    }
    if report.languages.is_empty() {
        s.push_str("only the default language is configured; add one with `polydoc i18n add <lang>`\n");
    }
    s
}
