//! gazette: Chinese government gazettes (政府公报) → structured JSON.
//!
//! extract → clean → segment → parse → emit, one module per stage, plain data between.

pub mod extract;
pub mod model;
pub mod parse;
