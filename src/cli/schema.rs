//! `gazette schema`: the JSON Schemas generated from the model types.

use clap::{Args, ValueEnum};

use super::ExitCode;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema: the per-issue JSON (default), or all of them in one object.
    #[arg(value_enum, default_value_t = Which::Issue)]
    pub which: Which,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Which {
    Issue,
    All,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let value = match args.which {
        Which::Issue => serde_json::to_value(schemars::schema_for!(crate::model::Issue))?,
        Which::All => serde_json::json!({
            "issue": schemars::schema_for!(crate::model::Issue),
            "document": schemars::schema_for!(crate::model::Document),
        }),
    };
    super::write_stdout(&(serde_json::to_string_pretty(&value)? + "\n"))?;
    Ok(ExitCode::Success)
}
