//! The record stream of a batch run: stdout (flushed per input, so a reader of the
//! pipe sees documents as they come), or a file written under a temporary name and
//! renamed at the end ([`AtomicFile`]), so an interrupted run never leaves half a JSON
//! Lines file under the name asked for.

use std::io::{BufWriter, Stdout, Write};

use anyhow::Context;

use super::Sink;
pub use super::tempfiles::{AtomicFile, write_file};

pub enum StreamWriter {
    Stdout(BufWriter<Stdout>),
    File(AtomicFile),
}

pub fn open_sink(sink: Option<&Sink>) -> anyhow::Result<Option<StreamWriter>> {
    Ok(match sink {
        None => None,
        Some(Sink::Stdout) => Some(StreamWriter::Stdout(BufWriter::new(std::io::stdout()))),
        Some(Sink::File(path)) => Some(StreamWriter::File(
            AtomicFile::create(path).with_context(|| format!("{}", path.display()))?,
        )),
    })
}

impl StreamWriter {
    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            StreamWriter::Stdout(w) => {
                w.write_all(bytes)?;
                w.flush()?;
            }
            StreamWriter::File(f) => {
                let target = crate::input::escaped(f.target());
                f.write_all(bytes).with_context(|| target)?
            }
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            StreamWriter::Stdout(mut w) => w.flush()?,
            StreamWriter::File(f) => {
                let target = crate::input::escaped(f.target());
                f.commit().with_context(|| target)?;
            }
        }
        Ok(())
    }
}
