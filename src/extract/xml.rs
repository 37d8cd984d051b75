//! Small helpers over quick-xml's pull parser shared by the DOCX and OFD readers: local
//! names (namespace prefixes vary between producers), attribute look-up, and text with the
//! five predefined and numeric entities resolved. No DTD is read, so no entity expands.

use quick_xml::events::{BytesRef, BytesStart};
use std::borrow::Cow;

/// `w:p` → `p`, `ofd:TextCode` → `TextCode`.
pub fn local(name: &str) -> &[u8] {
    let name = name.as_bytes();
    name.iter()
        .rposition(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..])
}

/// Value of the attribute with this local name.
pub fn attr<'a>(e: &'a BytesStart<'_>, name: &[u8]) -> Option<Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref()) == name)
        .map(
            |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => Cow::Owned(v.into_owned()),
                Err(_) => Cow::Owned(a.value.into_owned()),
            },
        )
}

/// `&amp;` / `&#x4E00;` → text; unknown (DTD-declared) entities are dropped, never expanded.
pub fn push_ref(r: &BytesRef<'_>, out: &mut String) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
        out.push_str(s);
    }
}
