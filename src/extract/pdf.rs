//! PDF text layer reader (placeholder until the reader lands).

use super::{ExtractError, Extracted};

pub fn extract_pdf(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported(
        "PDF reading is not built yet".into(),
    ))
}
