//! Turning a panic into an error message.
//!
//! [`run`] runs a command with a panic hook that records the message
//! instead of printing it, and returns the message when the command
//! panicked. Panics of other threads that the command handles itself (tantivy
//! turns a failed indexing thread into an error) are recorded and dropped.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Runs `f`; `Err(message)` when it panicked.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message}{location}"));
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let _ = panic::take_hook();
    result.map_err(|_| {
        LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut last| last.take())
            .unwrap_or_else(|| "panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(super::run(|| 7), Ok(7));
        let err = super::run(|| -> i32 { panic!("boom {}", 1) }).unwrap_err();
        assert!(err.starts_with("boom 1 at "), "{err}");
    }
}
