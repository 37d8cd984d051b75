//! The output contract (schema_version 1): the serde types every stage ends in and every
//! consumer (grep, check, jq, DuckDB) reads. Field names and JSON types change only with a
//! `schema_version` bump; every field keeps one JSON type, null allowed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;
pub const GENERATOR: &str = concat!("gazette ", env!("CARGO_PKG_VERSION"));

/// One converted gazette issue (or a single document file): the JSON written per input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    pub schema_version: u32,
    pub generator: String,
    pub source: Source,
    pub gazette: Gazette,
    pub contents: Vec<ContentsEntry>,
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given, or relative to the input folder.
    pub path: String,
    /// blake3 of the input bytes, hex.
    pub blake3: String,
    pub format: SourceFormat,
    /// Text encoding detected for text input; null for PDF.
    pub encoding: Option<String>,
    pub page_count: Option<u32>,
    /// Printed page numbers found on PDF pages (or form-feed pages of text input).
    pub page_labels: Vec<PageLabel>,
    /// Which reader produced the text, e.g. "gazette-pdf 0.1.0" or "text"; with OCR also
    /// the engine ("gazette-pdf 0.1.0 + tesseract 5.3.0 (chi_sim)").
    pub extractor: String,
    /// What an HTML page states about its document outside the text (the CMS's metadata
    /// table and `<meta>` tags), as printed; null for other formats.
    #[serde(default)]
    pub metadata: Option<PageMetadata>,
    /// OCR'd pages and how sure the engine was of them; absent when no page was OCR'd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrSummary>,
}

/// A web page's metadata about the document it carries (索引号, 发文机关, 发文字号 …), as
/// printed; null where the page states nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageMetadata {
    pub title: Option<String>,
    /// 发文字号 / 文号 as printed.
    pub doc_number: Option<String>,
    /// 发文机关.
    pub issuer: Option<String>,
    /// 成文日期 as printed.
    pub date: Option<String>,
    /// 发布日期 as printed (the page's publication, not the document's date).
    pub published: Option<String>,
    /// 索引号.
    pub index_no: Option<String>,
    /// 主题分类.
    pub subject: Option<String>,
}

/// Where a field's value came from when not from the document's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    /// The page's metadata (`source.metadata`): the text lacked the field.
    PageMetadata,
}

/// Mean word confidence (0–100, one decimal) of the OCR'd pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OcrSummary {
    /// Over all OCR'd pages, weighted equally.
    pub mean_confidence: f32,
    pub pages: Vec<OcrPage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OcrPage {
    pub page: u32,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Pdf,
    Text,
    Html,
    Docx,
    /// Word 97–2003 binary, also WPS Office's `.wps`.
    Doc,
    Ofd,
}

impl SourceFormat {
    /// Read as positioned glyphs through `layout` (page geometry, printed page numbers).
    pub fn is_fixed_layout(self) -> bool {
        matches!(self, SourceFormat::Pdf | SourceFormat::Ofd)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageLabel {
    /// 1-based physical page.
    pub page: u32,
    /// The page number printed on it.
    pub printed: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gazette {
    pub name: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i32>,
    /// Issue numbers: several for a combined issue (第5、6期).
    pub issues: Vec<u32>,
    /// 总第N期.
    pub issue_total: Option<u32>,
    pub kind: Option<IssueKind>,
    /// The issue label as printed (`2019年7月1日 第1号`).
    pub label: Option<String>,
    /// Publication date of the issue, YYYY-MM-DD.
    pub published: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    Regular,
    Combined,
    Supplement,
    Special,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContentsEntry {
    pub section: Option<String>,
    pub title: String,
    /// Page number printed in the table of contents.
    pub toc_page: Option<u32>,
    pub document_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    pub code: String,
    pub message: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

/// One official document (公文) or other item of the issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// `<first 16 hex of source.blake3>#<index>`.
    pub id: String,
    pub index: u32,
    pub section: Option<String>,
    pub toc_title: Option<String>,
    pub toc_page: Option<u32>,
    /// Heading as printed, spurious whitespace removed.
    pub title: Option<String>,
    pub title_raw: Option<String>,
    /// One of the 15 文种 (命令 for 命令（令）) or null.
    pub doc_type: Option<String>,
    /// The printed ending word of the title (通知, 指导意见, 实施方案 …).
    pub doc_type_raw: Option<String>,
    pub wrapper: Option<Wrapper>,
    pub doc_number: Option<DocNumber>,
    pub addressees: Option<String>,
    pub issuers: Vec<String>,
    pub signer: Option<Signer>,
    /// 成文日期, YYYY-MM-DD.
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub notes: Vec<String>,
    pub publication: Option<Publication>,
    pub attachments: Vec<Attachment>,
    pub references: Vec<Reference>,
    /// Documents repealed or amended by title only, with no 文号 (`《…办法》同时废止`,
    /// `现将修订后的《…条例》公布`); absent in older output.
    #[serde(default)]
    pub title_references: Vec<TitleReference>,
    /// 施行日期 of the document itself (relative forms resolved against `date`), or null.
    #[serde(default)]
    pub effective: Option<DatedClause>,
    /// End of the document's 有效期 (start + N years − 1 day, or as printed), or null.
    #[serde(default)]
    pub valid_until: Option<DatedClause>,
    pub pages: Option<PageSpan>,
    pub lines: LineSpan,
    pub body: String,
    /// Fields that did not come from the document's text, and where they came from
    /// (e.g. `{"doc_number": "page_metadata"}`); `{}` when every field is from the text.
    #[serde(default)]
    pub provenance: std::collections::BTreeMap<String, FieldSource>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Wrapper {
    /// 印发 | 转发 | 批转.
    pub kind: String,
    pub enclosed_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocNumber {
    /// Normalised, e.g. `吕政发〔2019〕2号`, `国务院令第707号`.
    pub text: String,
    /// As printed.
    pub raw: String,
    /// 机关代字 (or the decree header), e.g. `吕政发`.
    pub code: String,
    pub year: Option<i32>,
    /// Never a string: a placeholder such as XXX gives null (it stays in `raw`).
    pub serial: Option<u32>,
    pub kind: DocNumberKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocNumberKind {
    Standard,
    Decree,
    Announcement,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Signer {
    pub title: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Publication {
    /// The note that states the status, brackets removed (`此件公开发布`).
    pub text: String,
    pub status: PublicationStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Public,
    OnRequest,
    NotPublic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attachment {
    pub title: String,
    /// Whether the attachment's title starts a line after the 附件说明.
    pub present: bool,
}

/// A 文号 cited in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    /// Normalised 文号.
    pub text: String,
    pub code: String,
    pub year: Option<i32>,
    pub serial: Option<u32>,
    pub kind: DocNumberKind,
    /// The cited title when given in 《》 right before the number.
    pub title: Option<String>,
    /// What the citing document does to it (absent in older output: `cites`).
    #[serde(default)]
    pub relation: Relation,
}

/// A document the body repeals or amends naming it by title only (no 文号 given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TitleReference {
    /// The title as printed inside 《》.
    pub title: String,
    /// `repeals` or `amends` (titles merely cited are not listed).
    pub relation: Relation,
}

/// What a document does to a document it cites (GONGWEN.md, "In force"). Ordered from the
/// weakest: when one 文号 is cited several times, the strongest relation stands.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Mentioned only.
    #[default]
    Cites,
    /// The document rests on it (`根据《…》（…号）`, `按照…要求`).
    BasedOn,
    /// The document amends it (`对《…》（…号）作如下修改`).
    Amends,
    /// The document repeals it (`…同时废止`, `…停止执行`).
    Repeals,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Cites => "cites",
            Relation::BasedOn => "based_on",
            Relation::Amends => "amends",
            Relation::Repeals => "repeals",
        }
    }
}

/// A date stated by a clause of the document, with the clause as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DatedClause {
    /// YYYY-MM-DD; null when the clause is relative and the 成文日期 is unknown.
    pub date: Option<String>,
    /// The phrase as printed (`本办法自2019年1月1日起施行`, `有效期5年`).
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageSpan {
    pub start: u32,
    pub end: u32,
    pub printed_start: Option<u32>,
    pub printed_end: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LineSpan {
    pub start: u32,
    pub end: u32,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
            page: None,
            line: None,
        }
    }
}
