//! What a batch run tells the person watching it, on stderr: a progress bar (files,
//! pages/s, ETA, current file) only when stderr is a terminal outside CI, error lines
//! as files fail, and a one-line summary at the end.

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
}

impl Progress {
    pub fn new(show_bar: bool, files: usize) -> Self {
        let bar = show_bar.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(files as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} files  ETA {eta}  {wide_msg}")
                    .expect("valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            pages: 0,
        }
    }

    /// One more file done (converted, unchanged or failed).
    pub fn file_done(&mut self, label: &str, pages: u64) {
        self.pages += pages;
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{:.0} pages/s  {label}", self.pages as f64 / secs));
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
