//! The building block of the table: how one procps printer gets, sorts and
//! shows its value.

use super::{Role, Sort, TextFn, ValueFn};
use crate::proc::snapshot::Needs;

/// How one procps printer gets, sorts and shows its value; specifiers that
/// share a printer differ only in name, header, width and alignment.
#[derive(Clone, Copy)]
pub struct Printer {
    pub(super) needs: Needs,
    pub(super) value: ValueFn,
    pub(super) text: Option<TextFn>,
    pub(super) sort: Sort,
    pub(super) missing: &'static str,
    pub(super) nop: bool,
    pub(super) role: Role,
    /// The JSON and CSV key of every specifier of this printer; empty: the
    /// specifier's own name (which then must be an identifier).
    pub(super) key: &'static str,
}

impl Printer {
    /// A printer whose text is its value, printed plainly.
    pub(super) const fn of(needs: Needs, value: ValueFn) -> Printer {
        Printer {
            needs,
            value,
            text: None,
            sort: Sort::Value,
            missing: "-",
            nop: false,
            role: Role::Plain,
            key: "",
        }
    }

    /// The key every specifier of this printer has in JSON and CSV: one
    /// identifier jq can address (`.pcpu`, not `.["%cpu"]`), the same for
    /// every alias, saying what the value is.
    pub(super) const fn key(self, key: &'static str) -> Printer {
        Printer { key, ..self }
    }

    pub(super) const fn text(self, text: TextFn) -> Printer {
        Printer {
            text: Some(text),
            ..self
        }
    }

    pub(super) const fn sort_by(self, key: ValueFn) -> Printer {
        Printer {
            sort: Sort::Key(key),
            ..self
        }
    }

    pub(super) const fn sort(self, sort: Sort) -> Printer {
        Printer { sort, ..self }
    }

    /// Marks what the specifiers of this printer are.
    pub(super) const fn role(self, role: Role) -> Printer {
        Printer { role, ..self }
    }

    /// What a plain printer shows for `Null` (`-` unless told otherwise).
    pub(super) const fn missing(self, missing: &'static str) -> Printer {
        Printer { missing, ..self }
    }
}

/// From stat alone: `-` where stat could not be parsed.
pub(super) const N: Needs = Needs::STAT;
pub(super) const ST: Needs = Needs::STATUS;
pub(super) const ARGV: Needs = Needs::CMDLINE;
pub(super) const TTY: Needs = Needs::TTY_NAMES.union(Needs::STAT);
pub(super) const NS: Needs = Needs::NAMESPACES;
