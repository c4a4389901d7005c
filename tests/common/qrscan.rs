//! Reading a QR code drawn with half blocks back into modules, and decoding it with a real decoder.

/// Rebuilds the module grid from the glyphs (each character holds two modules, top and bottom).
pub fn modules(lines: &[String]) -> Vec<Vec<bool>> {
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

pub fn decode(grid: &[Vec<bool>]) -> String {
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
