//! gazette: Chinese government gazettes (政府公报) → structured JSON.
//!
//! extract → clean → segment → parse → emit, one module per stage, plain data
//! between them; `pipeline` runs them on one input, `cli` holds the subcommands.

pub mod archive;
pub mod archive_read;
pub mod check;
pub mod clean;
pub mod cli;
pub mod emit;
pub mod extract;
pub mod grep;
pub mod inputs;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod segment;
pub mod text_util;
