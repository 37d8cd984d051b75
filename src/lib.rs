//! gazette: Chinese government gazettes (政府公报) → structured JSON.
//!
//! extract → layout → clean → segment → parse → emit, one module per stage, plain data
//! between them; every stage uses the domain vocabulary in `gongwen` and the output
//! contract in `model`. `pipeline` is the only place that knows the order; `batch` runs
//! many inputs, `archive` reads converted output back for `grep` and `check`; `cli` holds
//! the subcommands.

pub mod archive;
pub mod batch;
pub mod check;
pub mod clean;
pub mod cli;
pub mod emit;
pub mod extract;
pub mod gongwen;
pub mod grep;
pub mod index;
pub mod input;
pub mod layout;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod segment;
#[cfg(test)]
mod test_strings;
