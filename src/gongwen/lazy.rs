//! Regexes (and other statics) made at their first use, or ahead of it by the warm-up
//! thread (`pipeline::warm_up`), which only ever uses a spare core.
//!
//! Unlike `LazyLock`, a use never waits for the warm-up: when the value is not there yet,
//! the user makes it itself, and whichever of the two finishes first is kept (both are
//! the same value). So a starved warm-up thread (it runs at the lowest priority) cannot
//! hold a conversion up.

use std::ops::Deref;
use std::sync::OnceLock;

pub struct Lazy<T> {
    cell: OnceLock<T>,
    make: fn() -> T,
}

impl<T> Lazy<T> {
    pub const fn new(make: fn() -> T) -> Lazy<T> {
        Lazy {
            cell: OnceLock::new(),
            make,
        }
    }

    /// Makes the value now unless it is there already (the warm-up thread's call).
    pub fn warm(&self) {
        if self.cell.get().is_none() {
            let _ = self.cell.set((self.make)());
        }
    }
}

impl<T> Deref for Lazy<T> {
    type Target = T;

    fn deref(&self) -> &T {
        if let Some(v) = self.cell.get() {
            return v;
        }
        // Not `get_or_init`: that would wait while the warm-up thread is making it.
        let _ = self.cell.set((self.make)());
        self.cell
            .get()
            .unwrap_or_else(|| unreachable!("set just above"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static MADE: AtomicUsize = AtomicUsize::new(0);
    static VALUE: Lazy<String> = Lazy::new(|| {
        MADE.fetch_add(1, Ordering::SeqCst);
        "made".to_string()
    });

    #[test]
    fn made_once_then_kept_whether_warmed_or_used_first() {
        VALUE.warm();
        VALUE.warm();
        assert_eq!(&*VALUE, "made");
        assert_eq!(MADE.load(Ordering::SeqCst), 1);
        let used: Lazy<Vec<u8>> = Lazy::new(|| vec![1, 2]);
        assert_eq!(used.len(), 2);
        used.warm();
        assert_eq!(*used, vec![1, 2]);
    }
}
