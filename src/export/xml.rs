//! A thin layer over `quick-xml`'s writer for the two XML formats: elements with escaped
//! attributes and text. Writing into a `Vec` cannot fail, so results are not threaded through.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// An indented XML document being written.
pub(super) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its XML declaration.
    pub fn new() -> Self {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        Xml { writer }
    }

    /// Opens `<name a="…">`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let start = BytesStart::new(name).with_attributes(attributes.iter().copied());
        let _ = self.writer.write_event(Event::Start(start));
    }

    /// Writes `<name a="…"/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let start = BytesStart::new(name).with_attributes(attributes.iter().copied());
        let _ = self.writer.write_event(Event::Empty(start));
    }

    /// Writes `<name a="…">text</name>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let _ = self.writer.write_event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        let _ = self.writer.write_event(Event::End(BytesEnd::new(name)));
    }

    /// The document as a string.
    pub fn finish(self) -> String {
        String::from_utf8_lossy(&self.writer.into_inner()).into_owned()
    }
}
