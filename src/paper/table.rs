//! Tables for documents: the same rows as CSV (semicolon-separated, Italian decimals, so a spreadsheet
//! in an Italian office opens it as it is) and as PDF lines that continue on new pages.

use super::pdf::{MARGIN, Page};

/// One CSV line; fields holding a separator, a quote or a line break are quoted.
pub fn csv_line(fields: &[&str]) -> String {
    let mut out = fields
        .iter()
        .map(|f| {
            if f.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(";");
    out.push_str("\r\n");
    out
}

/// Columns: (header, x offset in mm from the margin, right-aligned?).
pub type Columns<'a> = &'a [(&'a str, f32, bool)];

/// Rows under a header; a new page (with the header again) when the page is full. Returns the page
/// being written and the top of the next line.
pub fn rows<'d>(
    mut page: Page<'d>,
    mut top: f32,
    columns: Columns,
    rows: &[Vec<String>],
) -> (Page<'d>, f32) {
    header(&mut page, top, columns);
    top += 6.0;
    for row in rows {
        if top > 275.0 {
            page = page.next();
            top = 20.0;
            header(&mut page, top, columns);
            top += 6.0;
        }
        for ((_, x, right), cell) in columns.iter().zip(row) {
            let x = if *right {
                MARGIN + x - cell.chars().count() as f32 * 1.55
            } else {
                MARGIN + x
            };
            page.text(x, top, 9.0, false, cell);
        }
        top += 5.0;
    }
    (page, top)
}

fn header(page: &mut Page, top: f32, columns: Columns) {
    for (title, x, right) in columns {
        let x = if *right {
            MARGIN + x - title.chars().count() as f32 * 1.6
        } else {
            MARGIN + x
        };
        page.text(x, top, 8.0, true, title);
    }
    page.rule(MARGIN, top + 1.5, 210.0 - 2.0 * MARGIN);
}
