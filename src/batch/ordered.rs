//! A parallel map whose results come back in input order, with a bounded window:
//! workers (a rayon pool of `threads`) take items in order but never run more than
//! `window` items ahead of the last result handed back, so memory stays bounded
//! however large the archive, and a slow file never lets the others pile up.
//!
//! Two callbacks run on the calling thread: `arrived` as soon as an item is done (in
//! completion order — for reporting errors when they are met), and `consume` in input
//! order (for everything that must be deterministic: JSON Lines, the manifest).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// What a callback tells the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Start no new item. Items already done are still consumed in order, up to the
    /// first one that was never started.
    Stop,
}

struct Gate {
    next: AtomicUsize,
    stop: AtomicBool,
    /// A `work` call panicked: the run stops (its item would leave a gap forever).
    panicked: AtomicBool,
    consumed: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    fn halt(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _guard = self.consumed.lock().unwrap_or_else(|e| e.into_inner());
        self.moved.notify_all();
    }
}

/// Runs `work` on every item, in parallel; returns the first error of `consume`, or
/// an error when a `work` call panicked (the items before it are still consumed).
pub fn for_each_ordered<T, R, W, A, C>(
    items: &[T],
    threads: usize,
    window: usize,
    work: W,
    mut arrived: A,
    mut consume: C,
) -> anyhow::Result<()>
where
    T: Sync,
    R: Send,
    W: Fn(usize, &T) -> R + Sync,
    A: FnMut(usize, &R) -> Flow,
    C: FnMut(usize, R) -> anyhow::Result<Flow>,
{
    let threads = threads.max(1);
    let window = window.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("gazette-worker-{i}"))
        .build()?;
    let gate = Gate {
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        panicked: AtomicBool::new(false),
        consumed: Mutex::new(0),
        moved: Condvar::new(),
    };
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let (gate, work) = (&gate, &work);
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    s.spawn(move |_| worker(items, window, gate, work, tx));
                }
            });
            // `tx` dropped here: the receiver below ends once every worker is done.
        });
        let result: anyhow::Result<()> = (|| {
            let mut pending = BTreeMap::new();
            let mut cursor = 0;
            for (i, r) in &rx {
                if arrived(i, &r) == Flow::Stop {
                    gate.halt();
                }
                pending.insert(i, r);
                while let Some(r) = pending.remove(&cursor) {
                    let flow = consume(cursor, r);
                    cursor += 1;
                    *gate.consumed.lock().unwrap_or_else(|e| e.into_inner()) = cursor;
                    gate.moved.notify_all();
                    if flow? == Flow::Stop {
                        gate.halt();
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            gate.halt();
        }
        drop(rx);
        result
    })?;
    if gate.panicked.load(Ordering::SeqCst) {
        anyhow::bail!("internal error: a worker panicked; the run was stopped");
    }
    Ok(())
}

fn worker<T, R, W>(items: &[T], window: usize, gate: &Gate, work: &W, tx: mpsc::Sender<(usize, R)>)
where
    W: Fn(usize, &T) -> R,
{
    loop {
        if gate.stop.load(Ordering::SeqCst) {
            return;
        }
        let i = gate.next.fetch_add(1, Ordering::SeqCst);
        if i >= items.len() {
            return;
        }
        {
            let mut consumed = gate.consumed.lock().unwrap_or_else(|e| e.into_inner());
            while i >= *consumed + window && !gate.stop.load(Ordering::SeqCst) {
                consumed = gate.moved.wait(consumed).unwrap_or_else(|e| e.into_inner());
            }
        }
        if gate.stop.load(Ordering::SeqCst) {
            return;
        }
        let r = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(i, &items[i])))
        {
            Ok(r) => r,
            Err(_) => {
                gate.panicked.store(true, Ordering::SeqCst);
                gate.halt();
                return;
            }
        };
        if tx.send((i, r)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_ordered(
                &items,
                threads,
                3,
                |_, &x| {
                    // Uneven work so that completion order differs from input order.
                    std::thread::sleep(std::time::Duration::from_micros((x * 7919) % 300));
                    x * 2
                },
                |_, _| Flow::Continue,
                |i, r| {
                    seen.push((i, r));
                    Ok(Flow::Continue)
                },
            )
            .unwrap();
            let want: Vec<(usize, u64)> = (0..200).map(|i| (i as usize, i * 2)).collect();
            assert_eq!(seen, want, "threads {threads}");
        }
    }

    #[test]
    fn never_runs_more_than_the_window_ahead() {
        let items: Vec<usize> = (0..100).collect();
        let consumed = AtomicUsize::new(0);
        let worst = AtomicUsize::new(0);
        for_each_ordered(
            &items,
            4,
            5,
            |i, _| {
                let lag = i - consumed.load(Ordering::SeqCst).min(i);
                worst.fetch_max(lag, Ordering::SeqCst);
                i
            },
            |_, _| Flow::Continue,
            |i, _| {
                consumed.store(i + 1, Ordering::SeqCst);
                Ok(Flow::Continue)
            },
        )
        .unwrap();
        assert!(worst.load(Ordering::SeqCst) < 5);
    }

    #[test]
    fn a_panicking_item_stops_the_run_with_an_error() {
        let items: Vec<usize> = (0..100).collect();
        let mut consumed = 0;
        let r = for_each_ordered(
            &items,
            2,
            4,
            |i, _| {
                assert!(i != 7, "boom");
                i
            },
            |_, _| Flow::Continue,
            |_, _| {
                consumed += 1;
                Ok(Flow::Continue)
            },
        );
        assert!(r.is_err());
        assert_eq!(consumed, 7);
    }

    #[test]
    fn stop_starts_nothing_new() {
        let items: Vec<usize> = (0..1000).collect();
        let mut consumed = Vec::new();
        for_each_ordered(
            &items,
            2,
            4,
            |i, _| i,
            |i, _| if i == 10 { Flow::Stop } else { Flow::Continue },
            |i, _| {
                consumed.push(i);
                Ok(Flow::Continue)
            },
        )
        .unwrap();
        assert!(consumed.len() < 30, "{}", consumed.len());
        assert!(consumed.iter().enumerate().all(|(k, &i)| k == i));
    }
}
