//! The one error type every command returns, and how it reaches the user.

use std::fmt;

/// A failure the user has to hear about: printed as one line on stderr, exit status 1.
#[derive(Debug)]
pub struct Error {
    message: String,
    /// Extra lines printed after the message (a usage hint); kept short on purpose.
    hint: Option<String>,
    /// Not a failure: output (help, version) was already printed; exit 0.
    success: bool,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            success: false,
        }
    }

    /// Stops the command with exit status 0 (help or version already printed).
    pub fn exit_success() -> Error {
        Error {
            message: String::new(),
            hint: None,
            success: true,
        }
    }

    pub fn is_success(&self) -> bool {
        self.success
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
