//! What we draw scans: the half-block lines are read back into modules, rasterised and decoded by a real
//! QR decoder (rqrr) to exactly the payload.

use sportello::qr::{QUIET_ZONE, half_block_lines, pagopa_qr};

/// Rebuilds the module grid from the glyphs (each character holds two modules, top and bottom).
fn modules(lines: &[String]) -> Vec<Vec<bool>> {
    let mut grid = Vec::new();
    for line in lines {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                ' ' => (false, false),
                '▀' => (true, false),
                '▄' => (false, true),
                '█' => (true, true),
                other => panic!("unexpected glyph {other:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        grid.push(top);
        grid.push(bottom);
    }
    grid
}

fn decode(grid: &[Vec<bool>]) -> String {
    let scale = 6;
    let side = grid[0].len();
    let (w, h) = (side * scale, grid.len() * scale);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        if grid[y / scale][x / scale] { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found");
    let (meta, content) = grids[0].decode().unwrap();
    assert_eq!(meta.version.0, 4);
    content
}

#[test]
fn drawn_qr_decodes_to_the_payload() {
    for payload in [
        "PAGOPA|002|302032002700000251|03334231200|11",
        "PAGOPA|002|302000000000012385|80001234568|250000",
        "PAGOPA|002|347164923022221054|00743110157|9999999999",
    ] {
        let m = pagopa_qr(payload).unwrap();
        let lines = half_block_lines(&m, QUIET_ZONE);
        assert_eq!((lines[0].chars().count(), lines.len()), (41, 21));
        assert_eq!(decode(&modules(&lines)), payload);
    }
}
