//! What the apply steps of the option table share: reading lists as procps
//! reads them while parsing, so that the first wrong word is the one
//! reported, and the checks a few options make of their value.

use super::Given;
use crate::cli::ps_args::{FormatOrSort, ListKind, PsArgs, TtyArg};
use crate::cli::{lists, watch_args};
use crate::error::{Error, Result};
use crate::render::color::ColorChoice;

/// Items separated by commas, blanks or tabs; an empty item, even after a
/// trailing separator, is an error, as in ps (format and sort lists allow
/// one trailing separator, these do not).
pub(super) fn split_list(text: &str) -> Result<Vec<String>> {
    text.split([',', ' ', '\t'])
        .map(|item| {
            if item.is_empty() {
                Err(Error::new(format!("error: improper list: '{text}'")))
            } else {
                Ok(item.to_string())
            }
        })
        .collect()
}

/// Process, session or process group IDs.
pub(super) fn push_ids(list: &mut Vec<i32>, text: &str) -> Result<()> {
    list.extend(lists::parse_ids(&split_list(text)?)?);
    Ok(())
}

/// Users by name or number; `negate` is whether `-N` came before.
pub(super) fn push_users(list: &mut Vec<u32>, text: &str, negate: bool) -> Result<()> {
    list.extend(lists::resolve_users(&split_list(text)?, negate)?);
    Ok(())
}

/// Groups by name or number; `negate` is whether `-N` came before.
pub(super) fn push_groups(list: &mut Vec<u32>, text: &str, negate: bool) -> Result<()> {
    list.extend(lists::resolve_groups(&split_list(text)?, negate)?);
    Ok(())
}

/// `-g`: session leaders when every item is a number, else effective groups.
pub(super) fn push_sessions_or_groups(args: &mut PsArgs, text: &str) -> Result<()> {
    // Read as PIDs, then as groups; a list neither reading takes, even one of
    // the wrong shape, gets the one message.
    let items = split_list(text).map_err(|_| lists::sessions_or_groups_invalid())?;
    let (sids, gids) = lists::sessions_or_groups(&items, args.negate)?;
    args.sids.extend(sids);
    args.effective_groups.extend(gids);
    Ok(())
}

/// Terminals of `-t`, `t`, `--tty`.
pub(super) fn push_terminals(args: &mut PsArgs, text: &str) -> Result<()> {
    for name in split_list(text)? {
        args.ttys.push(TtyArg::Device(lists::tty_number(&name)?));
    }
    Ok(())
}

/// BSD `t`: the terminals of the rest of the word or the next word; with
/// neither, this terminal.
pub(super) fn push_bsd_terminals(args: &mut PsArgs, given: &Given) -> Result<()> {
    match given.value {
        Some("") => Err(Error::new("error: garbage option: ''")),
        Some(list) => push_terminals(args, list),
        None => {
            args.ttys.push(TtyArg::Own);
            Ok(())
        }
    }
}

/// `--cols`/`--rows`: a number as strtol reads it, from 1 to 2e9 - 1.
/// A number that is not one gets the message of a missing one.
pub(super) fn screen_size(given: &Given) -> Result<usize> {
    lists::parse_c_number(given.text())
        .filter(|&n| n > 0 && n < 2_000_000_000)
        .map(|n| n as usize)
        .ok_or_else(|| given.missing_value())
}

/// `h`, `--headers`, `--no-headers`: only one of them, once.
pub(super) fn set_heading(args: &mut PsArgs, show: bool) -> Result<()> {
    args.heading_options += 1;
    if args.heading_options > 1 {
        return Err(Error::new(
            "error: only one heading option may be specified",
        ));
    }
    args.headers = Some(show);
    Ok(())
}

/// A format or sort list, kept in order for resolution.
pub(super) fn push_list(args: &mut PsArgs, text: &str, kind: ListKind) {
    args.lists.push(FormatOrSort {
        text: text.to_string(),
        kind,
    });
}

/// A long option that takes no value refuses `--option=VALUE`; procps names
/// the option by `name`, which for the heading options is not the spelling.
pub(super) fn no_argument(given: &Given, name: &str) -> Result<()> {
    match given.value {
        Some(_) if given.syntax == super::Syntax::Long => Err(Error::new(format!(
            "error: option --{name} does not take an argument"
        ))),
        _ => Ok(()),
    }
}

/// `--sample[=MS]`.
pub(super) fn sample_ms(given: &Given) -> Result<u64> {
    given
        .value
        .map_or(Ok(watch_args::DEFAULT_SAMPLE_MS), |text| {
            watch_args::parse_sample(text).map_err(|e| Error::new(format!("error: {e}")))
        })
}

/// `--match PATTERN`, checked when the query is resolved.
pub(super) fn push_pattern(args: &mut PsArgs, given: &Given) -> Result<()> {
    args.match_patterns.push(given.text().to_string());
    Ok(())
}

/// `--ignore-case`.
pub(super) fn ignore_case(args: &mut PsArgs, given: &Given) -> Result<()> {
    no_argument(given, "ignore-case")?;
    args.ignore_case = true;
    Ok(())
}

/// `--watch[=SECONDS]`.
pub(super) fn watch_interval(args: &mut PsArgs, given: &Given) -> Result<()> {
    let interval = match given.value {
        None => watch_args::DEFAULT_INTERVAL,
        Some(text) => {
            watch_args::parse_interval(text).map_err(|e| Error::new(format!("error: {e}")))?
        }
    };
    args.watch_interval = Some(interval);
    Ok(())
}

/// `--count N`.
pub(super) fn watch_count(args: &mut PsArgs, given: &Given) -> Result<()> {
    let count =
        watch_args::parse_count(given.text()).map_err(|e| Error::new(format!("error: {e}")))?;
    args.watch_count = Some(count);
    Ok(())
}

/// `--color[=WHEN]`.
pub(super) fn color(given: &Given) -> Result<ColorChoice> {
    match given.value {
        None | Some("always") => Ok(ColorChoice::Always),
        Some("auto") => Ok(ColorChoice::Auto),
        Some("never") => Ok(ColorChoice::Never),
        Some(other) => Err(Error::new(format!(
            "error: --color takes auto, always or never: '{other}'"
        ))),
    }
}
