//! Signal masks.

use std::fmt::Write as _;

use super::Value;
use super::printer::*;

/// A signal mask column. The value is the 16 hex digits of status; the text
/// is that in a wide line, else the last 8 digits, with `<` in front when the
/// dropped ones were not all zero.
macro_rules! signals {
    ($mask:ident) => {
        Printer::of(ST, |r| mask_value(r.proc.status.as_ref().map(|s| s.$mask))).text(
            |r, _, out| {
                push_mask(
                    out,
                    r.proc.status.as_ref().map(|s| s.$mask),
                    r.opts.wide_signals,
                )
            },
        )
    };
}

pub(super) const SIG: Printer = signals!(shd_pending).key("pending");
pub(super) const TSIG: Printer = signals!(sig_pending);
pub(super) const SIGMASK: Printer = signals!(sig_blocked).key("blocked");
pub(super) const SIGIGNORE: Printer = signals!(sig_ignored).key("ignored");
pub(super) const SIGCATCH: Printer = signals!(sig_caught).key("caught");

pub(super) fn mask_value(mask: Option<u64>) -> Value {
    mask.map_or(Value::Null, |m| Value::Text(format!("{m:016x}")))
}

pub(super) fn push_mask(out: &mut String, mask: Option<u64>, wide: bool) {
    let Some(mask) = mask else {
        out.push('-');
        return;
    };
    if wide {
        let _ = write!(out, "{mask:016x}");
    } else {
        if mask >> 32 != 0 {
            out.push('<');
        }
        let _ = write!(out, "{:08x}", mask & 0xffff_ffff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_masks_narrow_and_wide() {
        let mut out = String::new();
        push_mask(&mut out, Some(0x8020_0000_0000_0200), false);
        push_mask(&mut out, Some(0x0001_0000), false);
        push_mask(&mut out, Some(0x8020_0000_0000_0200), true);
        push_mask(&mut out, None, true);
        assert_eq!(out, "<00000200000100008020000000000200-");
    }
}
