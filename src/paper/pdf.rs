//! A small A4 page builder over printpdf: text placed in millimetres from the top-left corner (as
//! designers measure), real text with DejaVu Sans embedded (subset), vector rules and boxes, the QR code
//! drawn module by module as vector squares (sharp at any printer resolution), and a PNG logo.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, FontMetrics, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rgb,
    TextItem, WindingOrder, XObjectTransform,
};

use crate::qr::QrMatrix;

pub const A4_WIDTH: f32 = 210.0;
pub const A4_HEIGHT: f32 = 297.0;
pub const MARGIN: f32 = 18.0;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One of the two faces: its file, the glyph and advance of every character a document may print,
/// and its metrics, read once per process.
struct Face {
    name: &'static str,
    bytes: &'static [u8],
    glyphs: BTreeMap<char, u16>,
    widths: BTreeMap<u16, u16>,
    units_per_em: u16,
    metrics: FontMetrics,
}

fn faces() -> &'static [Face; 2] {
    static FACES: OnceLock<[Face; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        [
            read_face("DejaVuSans", REGULAR_TTF),
            read_face("DejaVuSans-Bold", BOLD_TTF),
        ]
    })
}

/// Latin, Latin-1 and Latin Extended-A, the euro sign and typographic punctuation.
fn read_face(name: &'static str, bytes: &'static [u8]) -> Face {
    let face = ttf_parser::Face::parse(bytes, 0).expect("the embedded DejaVu font");
    let mut glyphs = BTreeMap::new();
    let mut widths = BTreeMap::new();
    let extra = ['€', '–', '—', '‘', '’', '“', '”', '•', '…', '·', '→'];
    for c in (0x20u32..0x180).filter_map(char::from_u32).chain(extra) {
        if let Some(gid) = face.glyph_index(c) {
            glyphs.insert(c, gid.0);
            widths.insert(gid.0, face.glyph_hor_advance(gid).unwrap_or(0));
        }
    }
    Face {
        name,
        bytes,
        glyphs,
        widths,
        units_per_em: face.units_per_em(),
        metrics: FontMetrics {
            ascent: face.ascender(),
            descent: face.descender(),
        },
    }
}

impl Face {
    /// The face reduced to the characters a document used (a few KB instead of 700), its glyphs
    /// renumbered; the text keeps its Unicode mapping, so it stays searchable and copyable. Should
    /// subsetting fail, the whole face is embedded: bigger, never wrong.
    fn for_document(&self, used: &BTreeSet<char>) -> ParsedFont {
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        let mut cmap = BTreeMap::new();
        let mut widths = BTreeMap::new();
        for c in used {
            if let Some(&old) = self.glyphs.get(c) {
                let new = remapper.remap(old);
                cmap.insert(u32::from(*c), new);
                widths.insert(new, self.widths.get(&old).copied().unwrap_or(0));
            }
        }
        let (bytes, cmap, widths) = match subsetter::subset(self.bytes, 0, &remapper) {
            Ok(bytes) => (bytes, cmap, widths),
            Err(e) => {
                tracing::warn!(error = ?e, "font subsetting failed: embedding the whole font");
                let cmap = self
                    .glyphs
                    .iter()
                    .map(|(c, g)| (u32::from(*c), *g))
                    .collect();
                (self.bytes.to_vec(), cmap, self.widths.clone())
            }
        };
        ParsedFont::with_glyph_data(
            bytes,
            0,
            Some(self.name.into()),
            cmap,
            widths,
            self.units_per_em,
            self.metrics.clone(),
        )
    }
}

/// Average advance of DejaVu Sans in ems, to wrap text without shaping it (a little generous).
const EM_PER_CHAR: f32 = 0.56;

pub struct Doc {
    doc: PdfDocument,
    /// Regular and bold; their fonts are made at the end, from the characters used.
    fonts: [FontId; 2],
    used: [BTreeSet<char>; 2],
    pages: Vec<PdfPage>,
}

pub struct Page<'a> {
    doc: &'a mut Doc,
    ops: Vec<Op>,
}

impl Doc {
    pub fn new(title: &str) -> Doc {
        Doc {
            doc: PdfDocument::new(title),
            fonts: [FontId::new(), FontId::new()],
            used: Default::default(),
            pages: Vec::new(),
        }
    }

    pub fn page(&mut self) -> Page<'_> {
        Page {
            doc: self,
            ops: Vec::new(),
        }
    }

    pub fn finish(mut self) -> Vec<u8> {
        for (i, face) in faces().iter().enumerate() {
            if !self.used[i].is_empty() {
                let font = face.for_document(&self.used[i]);
                self.doc
                    .resources
                    .fonts
                    .map
                    .insert(self.fonts[i].clone(), PdfFont::new(font));
            }
        }
        let pages = std::mem::take(&mut self.pages);
        self.doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

fn point(x: f32, top: f32) -> Point {
    Point {
        x: pt(x),
        y: pt(A4_HEIGHT - top),
    }
}

impl<'a> Page<'a> {
    /// One line of text whose baseline is `top` mm from the top of the page.
    pub fn text(&mut self, x: f32, top: f32, size: f32, bold: bool, text: &str) {
        let i = usize::from(bold);
        self.doc.used[i].extend(text.chars());
        let font = self.doc.fonts[i].clone();
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor { pos: point(x, top) },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Text wrapped at word boundaries to `width` mm; returns the top of the next line.
    pub fn paragraph(&mut self, x: f32, top: f32, width: f32, size: f32, text: &str) -> f32 {
        let line_height = size * 0.3528 * 1.35;
        let mut y = top;
        for line in wrap(text, width, size) {
            self.text(x, y, size, false, &line);
            y += line_height;
        }
        y
    }

    /// A horizontal rule.
    pub fn rule(&mut self, x: f32, top: f32, width: f32) {
        self.fill(x, top, width, 0.3, (0.6, 0.6, 0.6));
    }

    /// A filled rectangle whose upper-left corner is at (`x`, `top`).
    pub fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, rgb: (f32, f32, f32)) {
        self.ops.extend([
            Op::SetFillColor {
                col: Color::Rgb(Rgb::new(rgb.0, rgb.1, rgb.2, None)),
            },
            // A closed polygon, not DrawRectangle: printpdf 0.9 writes rectangles without painting them.
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: [
                            (x, top),
                            (x + width, top),
                            (x + width, top + height),
                            (x, top + height),
                        ]
                        .into_iter()
                        .map(|(px, py)| LinePoint {
                            p: point(px, py),
                            bezier: false,
                        })
                        .collect(),
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::SetFillColor {
                col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
            },
        ]);
    }

    /// The QR code, `side` mm square (the quiet zone around it is left white), each dark module one
    /// vector square.
    pub fn qr(&mut self, m: &QrMatrix, x: f32, top: f32, side: f32) {
        let module = side / m.width as f32;
        for row in 0..m.width {
            // Runs of dark modules in a row become one rectangle: fewer operators, no hairline gaps.
            let mut col = 0;
            while col < m.width {
                if !m.is_dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < m.width && m.is_dark(col, row) {
                    col += 1;
                }
                self.fill(
                    x + start as f32 * module,
                    top + row as f32 * module,
                    (col - start) as f32 * module,
                    module,
                    (0.0, 0.0, 0.0),
                );
            }
        }
    }

    /// A PNG image `width` mm wide (its height follows its proportions); nothing if it cannot be read.
    pub fn image(&mut self, png: &[u8], x: f32, top: f32, width: f32) -> f32 {
        let Ok(image) = RawImage::decode_from_bytes(png, &mut Vec::new()) else {
            return 0.0;
        };
        let (w_px, h_px) = (image.width as f32, image.height as f32);
        let height = width * h_px / w_px;
        // At 300 dpi one pixel is 25.4/300 mm: scale to the width asked for.
        let natural = w_px * 25.4 / 300.0;
        let scale = width / natural;
        let id = self.doc.doc.add_image(&image);
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x)),
                translate_y: Some(pt(A4_HEIGHT - top - height)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(300.0),
                rotate: None,
            },
        });
        height
    }

    /// The ente's letterhead: logo, name, and one line under it.
    pub fn letterhead(&mut self, logo: &[u8], name: &str, under: &str) {
        self.image(logo, MARGIN, 14.0, 18.0);
        self.text(MARGIN + 24.0, 20.0, 12.0, true, name);
        self.text(MARGIN + 24.0, 26.0, 9.0, false, under);
    }

    /// Ends this page and starts the next one.
    pub fn next(self) -> Page<'a> {
        let doc = self.doc;
        doc.pages
            .push(PdfPage::new(Mm(A4_WIDTH), Mm(A4_HEIGHT), self.ops));
        Page {
            doc,
            ops: Vec::new(),
        }
    }

    pub fn done(self) {
        let page = PdfPage::new(Mm(A4_WIDTH), Mm(A4_HEIGHT), self.ops);
        self.doc.pages.push(page);
    }
}

/// Splits text into lines that fit `width` mm at `size` points.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let max = ((width / (size * 0.3528 * EM_PER_CHAR)) as usize).max(8);
    crate::text::wrap_words(text, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole() {
        let lines = wrap(
            "uno due tre quattro cinque sei sette otto nove dieci",
            30.0,
            10.0,
        );
        assert!(lines.len() > 1);
        assert_eq!(
            lines.join(" "),
            "uno due tre quattro cinque sei sette otto nove dieci"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 15), "{lines:?}");
    }
}
