//! What a batch run tells the person watching it, on stderr: a progress bar (elapsed
//! time, files, failures, pages/s of the pages converted — unchanged inputs cost
//! nothing and would inflate it —, ETA, and the file being converted) only when stderr is
//! a terminal outside CI, error lines as files fail, and a one-line summary at the end.
//! Narrow terminals (under 80 columns) get the bar without its graphic and ETA, and the
//! file name is cut to what fits.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether a progress bar may be drawn: stderr is a terminal and we are not under CI.
pub fn bar_wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    pages: u64,
    failed: u64,
}

/// The bar's layout for a terminal `cols` wide.
fn template(cols: u16) -> &'static str {
    if cols >= 80 {
        "{elapsed_precise} {bar:20} {pos}/{len} files  {prefix}  ETA {eta}  {wide_msg}"
    } else {
        "{elapsed} {pos}/{len} {prefix} {wide_msg}"
    }
}

impl Progress {
    pub fn new(show_bar: bool, files: usize) -> Self {
        let bar = show_bar.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(files as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            let cols = console::Term::stderr()
                .size_checked()
                .map_or(80, |(_, cols)| cols);
            bar.set_style(ProgressStyle::with_template(template(cols)).expect("valid template"));
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            pages: 0,
            failed: 0,
        }
    }

    /// A handle for the workers: they name the file they start on.
    pub fn handle(&self) -> Option<ProgressBar> {
        self.bar.clone()
    }

    /// One more file done: `converted_pages` are the pages actually converted (0 for an
    /// unchanged or failed input).
    pub fn file_done(&mut self, converted_pages: u64, failed: bool) {
        self.pages += converted_pages;
        self.failed += u64::from(failed);
        if let Some(bar) = &self.bar {
            bar.set_prefix(counts(self.failed, self.pages, self.start.elapsed()));
            bar.inc(1);
        }
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `2 failed  120 pages/s` (the failures only when there are some).
fn counts(failed: u64, pages: u64, elapsed: Duration) -> String {
    let rate = pages as f64 / elapsed.as_secs_f64().max(1e-3);
    match failed {
        0 => format!("{rate:.0} pages/s"),
        n => format!("{n} failed  {rate:.0} pages/s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fits_narrow_terminals() {
        // Everything but the file name (which indicatif cuts to fit) within 50 columns.
        let fixed = "0s 120/1204 2 failed  788 pages/s ";
        assert!(template(50).starts_with("{elapsed} {pos}/{len} {prefix} {wide_msg}"));
        assert!(fixed.len() < 50);
        assert!(template(120).contains("{bar:20}") && template(120).contains("{eta}"));
        assert_eq!(counts(0, 100, Duration::from_secs(2)), "50 pages/s");
        assert_eq!(
            counts(2, 100, Duration::from_secs(2)),
            "2 failed  50 pages/s"
        );
    }
}
