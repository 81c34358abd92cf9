//! A count of the work done by the steps whose cost could grow faster than
//! their input (lines looked up, text copied, ids tried, bytes scanned), so
//! that tests can check that 4× the input costs about 4× the work without
//! timing anything. Counted per thread; costs one addition where counted.

use std::cell::Cell;

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Adds `units` of work to this thread's count.
#[inline]
pub fn add(units: u64) {
    WORK.with(|w| w.set(w.get().wrapping_add(units)));
}

/// This thread's count since the last call, which resets it.
pub fn take() -> u64 {
    WORK.with(|w| w.replace(0))
}
