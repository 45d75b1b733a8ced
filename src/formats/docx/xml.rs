//! The XML of a part, read whole into a tree of elements, with the namespaces Word writes.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

/// WordprocessingML, transitional and strict.
const WORD_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility: `mc:AlternateContent` holds the same content twice (`mc:Choice` and an
/// older `mc:Fallback`, a VML copy of a text box); only the choice is read.
const COMPATIBILITY_NAMESPACE: &[u8] =
    b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Which namespace an element is in, as far as reading Word needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Namespace {
    Word,
    Compatibility,
    Other,
}

/// An XML element: the parts are small (tens of kilobytes), and numbering and styles refer
/// back and forth, so each part is read whole into a tree.
#[derive(Debug)]
pub(super) struct Element {
    pub(super) namespace: Namespace,
    pub(super) name: String,
    /// Attributes by local name (`w:val` → `val`).
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn new(namespace: ResolveResult<'_>, start: &BytesStart<'_>) -> Result<Self, String> {
        let namespace = match namespace {
            ResolveResult::Bound(ns) if WORD_NAMESPACES.contains(&ns.as_ref()) => Namespace::Word,
            ResolveResult::Bound(ns) if ns.as_ref() == COMPATIBILITY_NAMESPACE => {
                Namespace::Compatibility
            }
            _ => Namespace::Other,
        };
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| e.to_string())?;
            let value = attr.unescape_value().map_err(|e| e.to_string())?;
            let name = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
            attrs.push((name, value.into_owned()));
        }
        Ok(Self {
            namespace,
            name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
            attrs,
            children: Vec::new(),
        })
    }

    /// Whether this is the WordprocessingML element `name`.
    pub(super) fn is(&self, name: &str) -> bool {
        self.namespace == Namespace::Word && self.name == name
    }

    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Every element below this one, depth first.
    pub(super) fn all_elements(&self) -> Box<dyn Iterator<Item = &Element> + '_> {
        Box::new(
            self.elements()
                .flat_map(|e| std::iter::once(e).chain(e.all_elements())),
        )
    }

    pub(super) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name))
    }

    /// The `w:val` of the child `name` (`<w:ilvl w:val="1"/>`).
    pub(super) fn value_of(&self, name: &str) -> Option<&str> {
        self.child(name)?.attr("val")
    }

    pub(super) fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

/// An on/off property: present and not `false`/`0`/`off`.
pub(super) fn is_on(element: Option<&Element>) -> bool {
    element.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// Parses a part into its root element; the error says what is wrong and where.
pub(super) fn parse(xml: &[u8]) -> Result<Element, String> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let at = |reader: &NsReader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("malformed XML at byte {}: {e}", reader.buffer_position())
    };
    loop {
        let (namespace, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok(read) => read,
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        };
        match event {
            Event::Start(start) => {
                stack.push(Element::new(namespace, &start).map_err(|e| at(&reader, &e))?);
            }
            Event::Empty(start) => {
                let element = Element::new(namespace, &start).map_err(|e| at(&reader, &e))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| at(&reader, &"unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| at(&reader, &e))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::CData(data) => {
                if let Some(parent) = stack.last_mut() {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    parent.children.push(Node::Text(text));
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    match (stack.last(), root) {
        (None, Some(root)) => Ok(root),
        (Some(open), _) => Err(format!(
            "malformed XML: the document ends inside <{}>",
            open.name
        )),
        (None, None) => Err("malformed XML: no root element".to_owned()),
    }
}
