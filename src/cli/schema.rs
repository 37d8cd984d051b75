//! `gazette schema`: the JSON Schemas generated from the model types.

use clap::{Args, ValueEnum};

use super::ExitCode;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema: the per-issue JSON (default), a JSON Lines record, a check finding,
    /// or all of them in one object.
    #[arg(value_enum, default_value_t = Which::Issue)]
    pub which: Which,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Which {
    Issue,
    IssueRecord,
    DocumentRecord,
    Finding,
    All,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    use crate::emit::{DocumentRecord, IssueRecord};
    let value = match args.which {
        Which::Issue => serde_json::to_value(schemars::schema_for!(crate::model::Issue))?,
        Which::IssueRecord => serde_json::to_value(schemars::schema_for!(IssueRecord))?,
        Which::DocumentRecord => serde_json::to_value(schemars::schema_for!(DocumentRecord))?,
        Which::Finding => serde_json::to_value(schemars::schema_for!(crate::check::Finding))?,
        Which::All => serde_json::json!({
            "issue": schemars::schema_for!(crate::model::Issue),
            "issue_record": schemars::schema_for!(IssueRecord),
            "document_record": schemars::schema_for!(DocumentRecord),
            "finding": schemars::schema_for!(crate::check::Finding),
        }),
    };
    super::write_stdout(&(serde_json::to_string_pretty(&value)? + "\n"))?;
    Ok(ExitCode::Success)
}
