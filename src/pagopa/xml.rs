//! XML for the pagoPA messages: a small element tree read with quick-xml, and a writer.
//!
//! The reader never expands entities: a document type declaration is refused outright (no internal
//! entity can be declared, so no "billion laughs"; no external entity, so no `file://`), and a
//! reference other than the five predefined entities and character references is an error. Depth and
//! element count are bounded so a hostile document cannot exhaust memory or the stack.

use std::fmt::Write as _;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const MAX_DEPTH: usize = 32;
const MAX_ELEMENTS: usize = 20_000;

/// One element: its namespace, local name, text (concatenated, entities resolved) and children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    pub namespace: Option<String>,
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this local name, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with this name, trimmed of the surrounding XML white space.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }
}

/// Why a document could not be read. The message is for a log or a fault string; it never echoes
/// the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("not well-formed XML: {0}")]
    Malformed(String),
    #[error("document type declarations are not accepted")]
    DocType,
    #[error("entity reference &{0}; is not accepted")]
    Entity(String),
    #[error("the document nests deeper than {MAX_DEPTH} elements")]
    TooDeep,
    #[error("the document has more than {MAX_ELEMENTS} elements")]
    TooLarge,
    #[error("the document has no root element")]
    Empty,
    #[error("undeclared namespace prefix {0}")]
    UnknownPrefix(String),
}

/// Reads a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    parse_each(text, MAX_ELEMENTS, |child| Ok(Some(child)))
}

/// Reads a document in one pass, handing each child of the root to `each` as soon as it is complete:
/// `each` keeps it under the root (`Some`) or consumes it (`None`), so a long list of records (a
/// reconciliation flow) is read without holding every record at once. `max_elements` bounds the
/// elements held at any moment, not the document's length.
pub fn parse_each(
    text: &str,
    max_elements: usize,
    mut each: impl FnMut(Element) -> Result<Option<Element>, XmlError>,
) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    // Elements held before the root's current child opened: what is left once `each` consumes it.
    let mut held_before_child = 0usize;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlError::Malformed(e.to_string()))?;
        let namespace = match ns {
            ResolveResult::Bound(n) => Some(n.as_ref().to_string()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(p) => return Err(XmlError::UnknownPrefix(p)),
        };
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError::Malformed("content after the root element".into()));
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let opens = matches!(event, Event::Start(_));
                count += 1;
                if count > max_elements {
                    return Err(XmlError::TooLarge);
                }
                if opens && stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                if stack.len() == 1 {
                    held_before_child = count - 1;
                }
                let element = Element {
                    namespace,
                    name: start.local_name().as_ref().to_string(),
                    ..Element::default()
                };
                if opens {
                    stack.push(element);
                } else {
                    close(
                        &mut stack,
                        &mut root,
                        element,
                        &mut each,
                        &mut count,
                        held_before_child,
                    )?;
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| XmlError::Malformed("unexpected end tag".into()))?;
                close(
                    &mut stack,
                    &mut root,
                    element,
                    &mut each,
                    &mut count,
                    held_before_child,
                )?;
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&content),
                    None if content.trim().is_empty() => {}
                    None => {
                        return Err(XmlError::Malformed("text outside the root element".into()));
                    }
                }
            }
            Event::CData(c) => match stack.last_mut() {
                Some(top) => top.text.push_str(&c.xml10_content()),
                None => return Err(XmlError::Malformed("CDATA outside the root element".into())),
            },
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => predefined(&r.xml10_content()).ok_or_else(|| {
                        XmlError::Entity(r.xml10_content().chars().take(32).collect())
                    })?,
                    Err(e) => return Err(XmlError::Malformed(e.to_string())),
                };
                match stack.last_mut() {
                    Some(top) => top.text.push(resolved),
                    None => {
                        return Err(XmlError::Malformed(
                            "reference outside the root element".into(),
                        ));
                    }
                }
            }
            Event::DocType(_) => return Err(XmlError::DocType),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed(
            "the document ends inside an element".into(),
        ));
    }
    root.ok_or(XmlError::Empty)
}

fn close(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    each: &mut impl FnMut(Element) -> Result<Option<Element>, XmlError>,
    count: &mut usize,
    held_before_child: usize,
) -> Result<(), XmlError> {
    match stack {
        [root_element] => match each(element)? {
            Some(kept) => root_element.children.push(kept),
            None => *count = held_before_child,
        },
        [.., parent] => parent.children.push(element),
        [] => *root = Some(element),
    }
    Ok(())
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Writes a document element by element. Tags are the caller's constants; text is escaped.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    open: Vec<String>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Opens `tag` with its attributes (values escaped).
    pub fn open_with(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Writer {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attributes {
            let _ = write!(self.out, " {name}=\"{}\"", escape(value));
        }
        self.out.push('>');
        self.open.push(tag.to_string());
        self
    }

    pub fn open(&mut self, tag: &str) -> &mut Writer {
        self.open_with(tag, &[])
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) -> &mut Writer {
        if let Some(tag) = self.open.pop() {
            let _ = write!(self.out, "</{tag}>");
        }
        self
    }

    /// `<tag>text</tag>`.
    pub fn leaf(&mut self, tag: &str, text: &str) -> &mut Writer {
        let _ = write!(self.out, "<{tag}>{}</{tag}>", escape(text));
        self
    }

    /// A leaf only when there is a value (the schema's optional elements).
    pub fn leaf_opt(&mut self, tag: &str, text: Option<&str>) -> &mut Writer {
        if let Some(text) = text {
            self.leaf(tag, text);
        }
        self
    }

    /// The document, every open element closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

/// Escapes text and attribute values. Characters XML 1.0 cannot carry at all (most controls) are
/// dropped rather than written as an invalid document.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_namespaces_text_and_references() {
        let doc = r#"<?xml version="1.0"?>
            <a:root xmlns:a="urn:a"><b>x &amp; y &#233;&#x41;</b><c/><b><![CDATA[<z>]]></b></a:root>"#;
        let root = parse(doc).unwrap();
        assert_eq!(root.namespace.as_deref(), Some("urn:a"));
        assert_eq!(root.name, "root");
        assert_eq!(root.child_text("b"), Some("x & y éA"));
        assert_eq!(root.children_named("b").nth(1).unwrap().text, "<z>");
        assert_eq!(root.child("c").unwrap().namespace, None);
    }

    #[test]
    fn never_expands_entities() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><r>&lol2;</r>"#;
        assert_eq!(parse(laughs), Err(XmlError::DocType));
        let external = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
        assert_eq!(parse(external), Err(XmlError::DocType));
        assert_eq!(parse("<r>&x;</r>"), Err(XmlError::Entity("x".into())));
    }

    #[test]
    fn refuses_broken_and_hostile_shapes() {
        assert!(matches!(parse("<a><b></a>"), Err(XmlError::Malformed(_))));
        assert!(matches!(parse("<a>"), Err(XmlError::Malformed(_))));
        assert_eq!(parse(""), Err(XmlError::Empty));
        assert!(matches!(parse("<p:a/>"), Err(XmlError::UnknownPrefix(_))));
        let deep = "<a>".repeat(40) + &"</a>".repeat(40);
        assert_eq!(parse(&deep), Err(XmlError::TooDeep));
        let wide = format!("<a>{}</a>", "<b/>".repeat(MAX_ELEMENTS + 1));
        assert_eq!(parse(&wide), Err(XmlError::TooLarge));
    }

    #[test]
    fn writes_escaped_text_that_reads_back() {
        let mut w = Writer::new();
        w.open_with("r", &[("k", "a\"b")])
            .leaf("t", "<&>'\u{1}x")
            .leaf_opt("u", None);
        let text = w.finish();
        assert_eq!(text, "<r k=\"a&quot;b\"><t>&lt;&amp;&gt;&apos;x</t></r>");
        assert_eq!(parse(&text).unwrap().child_text("t"), Some("<&>'x"));
    }
}
