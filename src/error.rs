//! The one error type every command returns, and how it reaches the user.

use std::fmt;

/// A failure the user has to hear about: printed as one line on stderr, exit status 1.
#[derive(Debug)]
pub struct Error {
    message: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Failure,
    /// A failure that stops ps at once, before it could read the command
    /// line again as BSD options.
    Abort,
    /// The reader of our output went away (`kps aux | head -1`): stop quietly.
    ClosedOutput,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            kind: Kind::Failure,
        }
    }

    pub fn abort(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            kind: Kind::Abort,
        }
    }

    pub fn is_abort(&self) -> bool {
        self.kind == Kind::Abort
    }

    /// A failed write to stdout; a closed pipe is no failure of ours.
    pub fn output(e: std::io::Error) -> Error {
        Error {
            kind: if e.kind() == std::io::ErrorKind::BrokenPipe {
                Kind::ClosedOutput
            } else {
                Kind::Failure
            },
            message: format!("cannot write output: {e}"),
        }
    }

    /// True if kps should end with exit status 0 and print nothing.
    pub fn is_quiet_success(&self) -> bool {
        self.kind == Kind::ClosedOutput
    }

    /// The same failure, with a hint after its message.
    pub fn with_hint(mut self, hint: &str) -> Error {
        self.message = format!("{} ({hint})", self.message);
        self
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Every I/O error that reaches the top is a failed write to the output:
/// /proc reads turn their errors into values or skipped processes first.
impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::output(e)
    }
}
