//! Image sizes read at build time, so every `<img>` can carry `width` and `height` and the page does not shift
//! as images load: SVG from its root element (`width`/`height` in px or unitless, else `viewBox`), PNG, JPEG
//! (turned as its EXIF orientation says, as browsers show it), GIF and WebP from their headers (`imagesize`).

use std::io::Read;
use std::path::Path;

/// The most of an SVG file read to find its root element.
const SVG_HEAD: u64 = 64 * 1024;
/// The most of a JPEG file read to find its EXIF orientation (APP1 segments come first and hold at most 64 KB).
const JPEG_HEAD: u64 = 256 * 1024;

/// The size in CSS pixels an image is shown at, `(width, height)`; `None` when the file cannot be read, is not
/// an SVG, PNG, JPEG, GIF or WebP, or declares no usable size. Never panics on bad input.
pub fn dimensions(path: &Path) -> Option<(u32, u32)> {
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return svg_dimensions(&head(path, SVG_HEAD)?);
    }
    let size = imagesize::size(path).ok()?;
    let (w, h) = (u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?);
    if w == 0 || h == 0 {
        return None;
    }
    let turned = imagesize::image_type(&head(path, 16)?).is_ok_and(|t| t == imagesize::ImageType::Jpeg)
        && head(path, JPEG_HEAD)
            .and_then(|b| jpeg_orientation(&b))
            .is_some_and(|o| (5..=8).contains(&o));
    Some(if turned { (h, w) } else { (w, h) })
}

/// The first `limit` bytes of a file.
fn head(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// The EXIF orientation (1–8) of a JPEG, from its APP1 `Exif` segment's first IFD.
fn jpeg_orientation(jpeg: &[u8]) -> Option<u16> {
    let mut at = 2; // after SOI
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    loop {
        let marker = *jpeg.get(at + 1)?;
        if *jpeg.get(at)? != 0xFF || marker == 0xDA || marker == 0xD9 {
            return None; // not a marker, or the image data starts: no EXIF before it
        }
        let len = u16::from_be_bytes([*jpeg.get(at + 2)?, *jpeg.get(at + 3)?]) as usize;
        let body = jpeg.get(at + 4..at + 2 + len.max(2))?;
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            return tiff_orientation(&body[6..]);
        }
        at += 2 + len.max(2);
    }
}

/// Tag 0x0112 of the first IFD of a TIFF block.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count).find_map(|n| {
        let entry = ifd.checked_add(2 + 12 * n)?;
        (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8)).flatten()
    })
}

/// The size of an SVG from its root element: `width` and `height` in px or unitless; one of them and the
/// `viewBox`'s aspect ratio; else the `viewBox`'s own width and height.
fn svg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(bytes);
    let attrs = svg_root_attributes(text.trim_start_matches('\u{feff}'))?;
    let get = |name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
    let view_box = get("viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match n[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => Some((w, h)),
            _ => None,
        }
    });
    let (w, h) = match (get("width").and_then(length), get("height").and_then(length), view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some(v)) => v,
        _ => return None,
    };
    let px = |v: f64| -> Option<u32> {
        let r = v.round();
        (r >= 1.0 && r <= f64::from(u32::MAX)).then_some(r as u32)
    };
    Some((px(w)?, px(h)?))
}

/// An SVG length in px: a positive number, unitless or with `px`; other units (`em`, `%`, `mm` …) give `None`.
fn length(value: &str) -> Option<f64> {
    let v = value.trim();
    let n: f64 = v.strip_suffix("px").unwrap_or(v).trim_end().parse().ok()?;
    (n > 0.0 && n.is_finite()).then_some(n)
}

/// The attributes of the document's root element when it is `<svg>` (with or without a namespace prefix),
/// after the XML declaration, comments, processing instructions and the doctype.
fn svg_root_attributes(text: &str) -> Option<Vec<(&str, String)>> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            // A doctype, maybe with an internal subset in brackets.
            let mut depth = 0usize;
            let end = r.char_indices().find(|&(_, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth = depth.saturating_sub(1),
                    '>' if depth == 0 => return true,
                    _ => {}
                }
                false
            })?;
            rest = &r[end.0 + 1..];
        } else {
            break;
        }
    }
    let r = rest.strip_prefix('<')?;
    let name_end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
    let name = &r[..name_end];
    if name != "svg" && !name.ends_with(":svg") {
        return None;
    }
    let mut attrs = Vec::new();
    let mut s = &r[name_end..];
    loop {
        s = s.trim_start();
        if s.starts_with('>') || s.starts_with("/>") {
            return Some(attrs);
        }
        let eq = s.find('=')?;
        let key = s[..eq].trim();
        if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '>' || c == '<') {
            return None;
        }
        let v = s[eq + 1..].trim_start();
        let quote = v.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let close = v[1..].find(quote)?;
        attrs.push((key, unescape(&v[1..1 + close])));
        s = &v[close + 2..];
    }
}

/// The few XML entities a length or a viewBox could hold.
fn unescape(v: &str) -> String {
    v.replace("&#x20;", " ").replace("&#32;", " ").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture (made by `tests/fixtures/images/make.py`, SVGs by hand) and the size it must give.
    #[test]
    fn every_format_and_bad_input() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
        let cases: &[(&str, Option<(u32, u32)>)] = &[
            ("photo.png", Some((3, 2))),
            ("anim.gif", Some((5, 4))),
            ("plain.jpg", Some((640, 480))),
            ("rotated.jpg", Some((480, 640))),  // EXIF orientation 6: shown turned
            ("mirrored.jpg", Some((640, 480))), // orientation 2: mirrored, not turned
            ("lossless.webp", Some((300, 200))),
            ("lossy.webp", Some((120, 90))),
            ("extended.webp", Some((1024, 768))),
            ("px.svg", Some((120, 80))),
            ("unitless-with-prolog.svg", Some((64, 48))),
            ("viewbox-only.svg", Some((400, 300))),
            ("viewbox-commas.svg", Some((201, 100))),
            ("width-only.svg", Some((200, 150))),
            ("em-units.svg", Some((100, 50))),
            ("percent.svg", Some((640, 360))),
            ("prefixed.svg", Some((30, 20))),
            ("zero.svg", None),
            ("no-size.svg", None),
            ("not-svg.svg", None),
            ("unterminated.svg", None),
            ("truncated.png", None),
            ("empty.png", None),
            ("text.png", None),
            ("missing.png", None),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(file, want)| {
                let got = dimensions(&dir.join(file));
                (got != *want).then(|| format!("{file}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Every prefix of a good file is read without a panic, and a cut file never gains a size it lacks.
    #[test]
    fn truncated_headers_never_panic() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
        let jpeg = std::fs::read(dir.join("rotated.jpg")).unwrap();
        for n in 0..jpeg.len() {
            assert!(jpeg_orientation(&jpeg[..n]).is_none_or(|o| o == 6), "{n}");
        }
        assert_eq!(jpeg_orientation(&jpeg), Some(6));
        let svg = std::fs::read(dir.join("unitless-with-prolog.svg")).unwrap();
        for n in 0..svg.len() {
            assert!(svg_dimensions(&svg[..n]).is_none_or(|d| d == (64, 48)), "{n}");
        }
    }

    #[test]
    fn lengths_accept_px_and_unitless_only() {
        for (v, want) in [
            ("12", Some(12.0)),
            ("12.5px", Some(12.5)),
            (" 7 px ", Some(7.0)),
            ("1e2", Some(100.0)),
            ("3em", None),
            ("50%", None),
            ("-4", None),
            ("NaN", None),
            ("inf", None),
            ("", None),
        ] {
            assert_eq!(length(v), want, "{v:?}");
        }
    }
}
