//! The pagoPA QR code (version 4, error correction M, byte mode) and its drawing in a terminal with half
//! blocks: each character cell holds two modules, top and bottom. Drawn dark-on-light explicitly so that
//! a phone scans it from dark and light terminals alike.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color as TermColor, Style};
use ratatui::widgets::Widget;

/// The quiet zone the QR specification asks for, in modules.
pub const QUIET_ZONE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    dark: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the payload does not fit a version 4 QR code at level M: {0}")]
pub struct QrError(String);

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Side in modules including the quiet zone.
    pub fn side_with_quiet(&self, quiet: usize) -> usize {
        self.width + 2 * quiet
    }
}

/// Encodes a pagoPA payload as DOMAIN.md asks: version 4, level M, one byte-mode segment.
pub fn pagopa_qr(payload: &str) -> Result<QrMatrix, QrError> {
    let version = Version::Normal(4);
    let mut bits = Bits::new(version);
    bits.push_byte_data(payload.as_bytes())
        .map_err(|e| QrError(e.to_string()))?;
    bits.push_terminator(EcLevel::M)
        .map_err(|e| QrError(e.to_string()))?;
    let code = QrCode::with_bits(bits, EcLevel::M).map_err(|e| QrError(e.to_string()))?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix {
        width: code.width(),
        dark,
    })
}

/// The QR of a payload the domain built: it always fits (52 bytes at most, see `longest_payload_fits`).
pub fn payload_qr(payload: &crate::domain::notice::QrPayload) -> QrMatrix {
    pagopa_qr(payload).expect("a pagoPA payload fits a version 4 QR code at level M")
}

/// The glyph for a cell whose top and bottom modules are `top` and `bottom` (true = dark), for a
/// foreground that paints dark modules.
fn glyph(top: bool, bottom: bool) -> char {
    match (top, bottom) {
        (false, false) => ' ',
        (true, false) => '▀',
        (false, true) => '▄',
        (true, true) => '█',
    }
}

fn cell(m: &QrMatrix, quiet: usize, col: usize, row: usize) -> char {
    let dark = |x: usize, y: usize| x >= quiet && y >= quiet && m.is_dark(x - quiet, y - quiet);
    glyph(dark(col, 2 * row), dark(col, 2 * row + 1))
}

/// The symbol with its quiet zone as text lines: `side` columns by `ceil(side / 2)` rows
/// (41 x 21 for version 4 with a quiet zone of 4). Print with a dark foreground on a light background.
pub fn half_block_lines(m: &QrMatrix, quiet: usize) -> Vec<String> {
    let side = m.side_with_quiet(quiet);
    (0..side.div_ceil(2))
        .map(|row| (0..side).map(|col| cell(m, quiet, col, row)).collect())
        .collect()
}

/// The same lines wrapped in explicit ANSI colours (black on bright white), for any terminal.
pub fn ansi_lines(m: &QrMatrix, quiet: usize) -> Vec<String> {
    half_block_lines(m, quiet)
        .into_iter()
        .map(|l| format!("\x1b[30;107m{l}\x1b[0m"))
        .collect()
}

/// Draws the QR (with its quiet zone) centred in the area, black modules on white. When the area is too
/// small for the whole symbol nothing is drawn: a cut QR would not scan and would mislead.
pub struct QrWidget<'a>(pub &'a QrMatrix);

impl Widget for QrWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let side = self.0.side_with_quiet(QUIET_ZONE);
        let (w, h) = (side as u16, side.div_ceil(2) as u16);
        if area.width < w || area.height < h {
            return;
        }
        let x0 = area.x + (area.width - w) / 2;
        let y0 = area.y + (area.height - h) / 2;
        let style = Style::default().fg(TermColor::Black).bg(TermColor::White);
        for row in 0..h {
            for col in 0..w {
                let ch = cell(self.0, QUIET_ZONE, col as usize, row as usize);
                if let Some(c) = buf.cell_mut((x0 + col, y0 + row)) {
                    c.set_char(ch).set_style(style);
                }
            }
        }
    }
}

/// The widget's size at the standard quiet zone: (columns, rows).
pub fn widget_size(m: &QrMatrix) -> (u16, u16) {
    let side = m.side_with_quiet(QUIET_ZONE);
    (side as u16, side.div_ceil(2) as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str = "PAGOPA|002|302032002700000251|03334231200|11";

    #[test]
    fn version_4_is_33_modules_and_41_by_21_cells() {
        let m = pagopa_qr(PAYLOAD).unwrap();
        assert_eq!(m.width, 33);
        let lines = half_block_lines(&m, QUIET_ZONE);
        assert_eq!(lines.len(), 21);
        assert!(lines.iter().all(|l| l.chars().count() == 41));
        assert_eq!(widget_size(&m), (41, 21));
        // The quiet zone is light: two blank rows on top and four blank columns left.
        assert!(lines[0].chars().all(|c| c == ' ') && lines[1].chars().all(|c| c == ' '));
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("    ") && l.ends_with("    "))
        );
    }

    #[test]
    fn longest_payload_fits() {
        let longest = "PAGOPA|002|302032002700000251|03334231200|9999999999";
        assert!(pagopa_qr(longest).is_ok());
        let parsed = crate::domain::notice::QrPayload::parse(longest).unwrap();
        assert_eq!(payload_qr(&parsed).width, 33);
        assert!(pagopa_qr(&"x".repeat(200)).is_err());
    }

    #[test]
    fn widget_never_panics_and_skips_small_areas() {
        let m = pagopa_qr(PAYLOAD).unwrap();
        for (w, h) in [(0, 0), (1, 1), (40, 20), (41, 21), (80, 24)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            QrWidget(&m).render(area, &mut buf);
            let drawn = buf.content().iter().any(|c| c.symbol() != " ");
            assert_eq!(drawn, w >= 41 && h >= 21, "{w}x{h}");
        }
    }
}
