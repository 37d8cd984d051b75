//! The domain vocabulary of 公文 and gazettes, used by every stage: the 文号 grammar and its
//! normal form, dates (Arabic and Chinese numerals), 文种, 附注 kinds, the table-of-contents
//! line forms, title comparison keys, and text folding. Pure functions over strings, with no
//! stage logic, so that clean, segment, parse, grep and check recognise a thing the same way.

pub mod date;
pub mod doc_number;
pub mod doc_type;
pub mod lazy;
pub mod lines;
pub mod notes;
pub mod references;
pub mod relation;
pub mod relaxed;
pub mod text;
pub mod title_key;
pub mod title_references;
pub mod toc;
