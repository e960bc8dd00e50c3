//! A thin layer over `quick-xml`'s writer for the two XML formats: elements with escaped
//! attributes and text, without the characters XML cannot hold. Writing into a `Vec` cannot
//! fail, so results are not threaded through.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Whether XML 1.0 can hold `c`: not the C0 controls other than tab, line feed and carriage
/// return, nor U+FFFE and U+FFFF, not even as character references.
fn xml_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// `text` without the characters XML cannot hold. The data directory may hold them (a title
/// in a hand-written side-car), and a single one would make the whole file unreadable.
fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| xml_char(*c)).collect())
    }
}

fn start<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let cleaned: Vec<(&str, Cow<'_, str>)> = attributes
        .iter()
        .map(|(key, value)| (*key, xml_text(value)))
        .collect();
    BytesStart::new(name).with_attributes(cleaned.iter().map(|(key, value)| (*key, value.as_ref())))
}

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
        let _ = self
            .writer
            .write_event(Event::Start(start(name, attributes)));
    }

    /// Writes `<name a="…"/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let _ = self
            .writer
            .write_event(Event::Empty(start(name, attributes)));
    }

    /// Writes `<name a="…">text</name>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let _ = self
            .writer
            .write_event(Event::Text(BytesText::new(&xml_text(text))));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_left_out_of_text_and_attributes() {
        let mut xml = Xml::new();
        xml.text("title", &[("label", "a\u{7}b\u{0}")], "c\u{1b}d\te\u{FFFF}");
        let written = xml.finish();
        assert!(
            written.contains("<title label=\"ab\">cd\te</title>"),
            "{written}"
        );
    }
}
