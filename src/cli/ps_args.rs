//! The ps command line, in all three of its syntaxes, parsed into plain data.
//!
//! Nothing here reads /proc or decides what to print: words become a [`PsArgs`]
//! and [`crate::query`] resolves it. ps accepts UNIX options (`-ef`, grouped,
//! with a dash), BSD options (`aux`, grouped, no dash) and GNU long options
//! (`--sort=-rss`), mixed freely.

use std::ffi::OsString;

use crate::error::{Error, Result};

/// Which syntax a format request came from; ps' defaults differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Unix,
    Bsd,
}

/// A predefined output format letter (`-f`, `u`, `-l`, `j`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatLetter {
    /// `-f`: full.
    UnixFull,
    /// `-F`: extra full.
    UnixExtraFull,
    /// `-l`: long.
    UnixLong,
    /// `-j`: jobs.
    UnixJobs,
    /// `u`: user-oriented.
    BsdUser,
    /// `j`: job control.
    BsdJobs,
    /// `l`: long.
    BsdLong,
    /// `v`: virtual memory.
    BsdVirtual,
    /// `s`: signals.
    BsdSignal,
    /// `X`: registers.
    BsdRegisters,
}

/// A user-defined format (`-o`, `o`, `--format`, `-O`, `O`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFormat {
    pub text: String,
    /// `-O`/`O`: added after the default columns (pid first) instead of replacing them.
    pub preloaded: bool,
    pub syntax: Syntax,
}

/// Everything the words said, before any of it is interpreted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PsArgs {
    // Simple selections.
    /// `-A`, `-e`: every process.
    pub every: bool,
    /// BSD `a`: lift the "only yours" restriction.
    pub bsd_all_users: bool,
    /// BSD `x`: lift the "must have a terminal" restriction.
    pub bsd_no_tty: bool,
    /// BSD `r`: only running processes.
    pub running_only: bool,
    /// BSD `T`: processes on this terminal.
    pub this_terminal: bool,
    /// `-a`: all with a terminal, except session leaders.
    pub unix_all_with_tty: bool,
    /// `-d`: all except session leaders.
    pub unix_all_but_leaders: bool,
    /// `-N`, `--deselect`.
    pub negate: bool,

    // Lists (union).
    pub pids: Vec<String>,
    pub quick_pids: Vec<String>,
    pub ppids: Vec<String>,
    pub sids: Vec<String>,
    pub ttys: Vec<String>,
    pub commands: Vec<String>,
    /// `-u`, `U`, `--user`: effective user.
    pub effective_users: Vec<String>,
    /// `-U`, `--User`: real user.
    pub real_users: Vec<String>,
    /// `-g`, `--group`: effective group (or session leader's group, by name).
    pub effective_groups: Vec<String>,
    /// `-G`, `--Group`: real group.
    pub real_groups: Vec<String>,

    // Output.
    pub format_letters: Vec<FormatLetter>,
    pub user_formats: Vec<UserFormat>,
    /// BSD formats were asked for without a user format (affects defaults).
    pub bsd_syntax_seen: bool,
    pub sort_keys: Vec<String>,
    /// `--forest`, `f`, `-H`.
    pub forest: bool,
    /// `--headers` forces, `--no-headers`/`h` suppresses.
    pub headers: Option<bool>,
    /// `-w`/`w` count.
    pub wide: u32,
    pub columns: Option<String>,
    /// `-L`, `-T`, `H`, `m`, `-m`.
    pub threads: Option<ThreadStyle>,
    /// BSD `c`.
    pub command_name_only: bool,
    /// BSD `e`.
    pub show_environment: bool,
    /// BSD `n`.
    pub numeric: bool,
    /// BSD `S`, `--cumulative`.
    pub cumulative: bool,
    /// `-c`: scheduler class columns in `-l`/`-f`.
    pub unix_sched_class: bool,
    /// `-y`: `-l` without flags and address, RSS instead.
    pub unix_y: bool,
    /// `-M`, `-Z`, `Z`: security label column.
    pub security_label: bool,
    /// `-P`: processor column.
    pub processor: bool,
    /// `--help`, `-h` with no other meaning, `--usage`.
    pub help: bool,
    /// `--version`, `-V`, `V`.
    pub version: bool,
    /// `L`: list format specifiers.
    pub list_specifiers: bool,
    /// `--sample[=MS]`: %CPU over an interval.
    pub sample_ms: Option<u64>,
    /// `--json`.
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadStyle {
    /// `-L`: LWP and NLWP columns.
    UnixLwp,
    /// `-T`: SPID column.
    UnixSpid,
    /// `H`: threads as if processes.
    BsdAsProcesses,
    /// `m`, `-m`: threads after processes.
    AfterProcesses,
}

/// Default interval for `--sample` without a value.
pub const DEFAULT_SAMPLE_MS: u64 = 200;

pub fn parse(words: &[OsString]) -> Result<PsArgs> {
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            w.to_str().map(str::to_owned).ok_or_else(|| {
                Error::new(format!(
                    "argument is not valid UTF-8: {}",
                    w.to_string_lossy()
                ))
            })
        })
        .collect::<Result<_>>()?;
    let mut args = PsArgs::default();
    let mut rest = words.iter().map(String::as_str);
    while let Some(word) = rest.next() {
        if let Some(long) = word.strip_prefix("--") {
            parse_long(&mut args, long, &mut rest)?;
        } else if let Some(group) = word.strip_prefix('-') {
            if group.is_empty() {
                return Err(garbage_option(word));
            }
            parse_unix_group(&mut args, group, &mut rest)?;
        } else {
            parse_bsd_group(&mut args, word, &mut rest)?;
        }
    }
    Ok(args)
}

type Words<'a, 'b> = dyn Iterator<Item = &'a str> + 'b;

fn garbage_option(word: &str) -> Error {
    Error::new(format!(
        "error: unsupported option (BSD syntax) or garbage: {word}"
    ))
}

/// The value of an option: the rest of the group if any, else the next word.
fn value_of<'a>(option: &str, inline: &'a str, rest: &mut Words<'a, '_>) -> Result<&'a str> {
    if !inline.is_empty() {
        return Ok(inline);
    }
    rest.next().ok_or_else(|| {
        Error::new(format!(
            "error: list of {} must follow {option}",
            what_follows(option)
        ))
    })
}

fn what_follows(option: &str) -> &'static str {
    match option.trim_start_matches('-') {
        "p" | "q" | "pid" | "quick-pid" | "ppid" => "process IDs",
        "u" | "U" | "user" | "User" => "users",
        "g" | "G" | "group" | "Group" => "groups",
        "s" | "sid" => "session IDs",
        "t" | "tty" => "terminals",
        "C" => "command names",
        "o" | "O" | "format" => "format specifiers",
        "k" | "sort" => "sort keys",
        _ => "values",
    }
}

fn push_list(list: &mut Vec<String>, text: &str) {
    list.extend(
        text.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|item| !item.is_empty())
            .map(str::to_owned),
    );
}

fn parse_long<'a>(args: &mut PsArgs, long: &'a str, rest: &mut Words<'a, '_>) -> Result<()> {
    let (name, inline) = match long.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (long, None),
    };
    let option = format!("--{name}");
    let mut value = || -> Result<&'a str> {
        match inline {
            Some(v) => Ok(v),
            None => value_of(&option, "", rest),
        }
    };
    match name {
        "pid" => push_list(&mut args.pids, value()?),
        "ppid" => push_list(&mut args.ppids, value()?),
        "quick-pid" => push_list(&mut args.quick_pids, value()?),
        "sid" => push_list(&mut args.sids, value()?),
        "tty" => push_list(&mut args.ttys, value()?),
        "user" => push_list(&mut args.effective_users, value()?),
        "User" => push_list(&mut args.real_users, value()?),
        "group" => push_list(&mut args.effective_groups, value()?),
        "Group" => push_list(&mut args.real_groups, value()?),
        "format" => args.user_formats.push(UserFormat {
            text: value()?.to_string(),
            preloaded: false,
            syntax: Syntax::Unix,
        }),
        "sort" => push_list(&mut args.sort_keys, value()?),
        "cols" | "columns" | "width" => args.columns = Some(value()?.to_string()),
        "lines" | "rows" => {
            value()?;
        }
        "deselect" => args.negate = true,
        "forest" => args.forest = true,
        "headers" => args.headers = Some(true),
        "no-headers" | "no-heading" => args.headers = Some(false),
        "cumulative" => args.cumulative = true,
        "help" | "usage" => args.help = true,
        "version" | "info" => args.version = true,
        "json" => args.json = true,
        "sample" => {
            let ms = match inline {
                Some(text) => text
                    .parse::<u64>()
                    .ok()
                    .filter(|&ms| ms > 0)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "error: --sample takes a positive number of milliseconds, not '{text}'"
                        ))
                    })?,
                None => DEFAULT_SAMPLE_MS,
            };
            args.sample_ms = Some(ms);
        }
        _ => {
            return Err(Error::new(format!(
                "error: unknown gnu long option: --{name}"
            )));
        }
    }
    Ok(())
}

fn parse_unix_group<'a>(args: &mut PsArgs, group: &'a str, rest: &mut Words<'a, '_>) -> Result<()> {
    for (i, flag) in group.char_indices() {
        let inline = &group[i + flag.len_utf8()..];
        let option = format!("-{flag}");
        match flag {
            'A' | 'e' => args.every = true,
            'a' => args.unix_all_with_tty = true,
            'd' => args.unix_all_but_leaders = true,
            'N' => args.negate = true,
            'f' => args.format_letters.push(FormatLetter::UnixFull),
            'F' => args.format_letters.push(FormatLetter::UnixExtraFull),
            'l' => args.format_letters.push(FormatLetter::UnixLong),
            'j' => args.format_letters.push(FormatLetter::UnixJobs),
            'c' => args.unix_sched_class = true,
            'y' => args.unix_y = true,
            'H' => args.forest = true,
            'L' => args.threads = Some(ThreadStyle::UnixLwp),
            'T' => args.threads = Some(ThreadStyle::UnixSpid),
            'm' => args.threads = Some(ThreadStyle::AfterProcesses),
            'M' | 'Z' => args.security_label = true,
            'P' => args.processor = true,
            'w' => args.wide += 1,
            'V' => args.version = true,
            'h' => args.headers = Some(false),
            'p' | 'q' | 's' | 't' | 'u' | 'U' | 'g' | 'G' | 'C' | 'o' | 'O' => {
                let value = value_of(&option, inline, rest)?;
                let list = match flag {
                    'p' => &mut args.pids,
                    'q' => &mut args.quick_pids,
                    's' => &mut args.sids,
                    't' => &mut args.ttys,
                    'u' => &mut args.effective_users,
                    'U' => &mut args.real_users,
                    'g' => &mut args.effective_groups,
                    'G' => &mut args.real_groups,
                    'C' => &mut args.commands,
                    _ => {
                        args.user_formats.push(UserFormat {
                            text: value.to_string(),
                            preloaded: flag == 'O',
                            syntax: Syntax::Unix,
                        });
                        return Ok(());
                    }
                };
                push_list(list, value);
                return Ok(());
            }
            _ => {
                return Err(Error::new(format!(
                    "error: unsupported SysV option: -{flag}"
                )));
            }
        }
    }
    Ok(())
}

fn parse_bsd_group<'a>(args: &mut PsArgs, group: &'a str, rest: &mut Words<'a, '_>) -> Result<()> {
    // A bare number is a PID, as in `ps 1234`.
    if group.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        push_list(&mut args.pids, group);
        return Ok(());
    }
    args.bsd_syntax_seen = true;
    for (i, flag) in group.char_indices() {
        let inline = &group[i + flag.len_utf8()..];
        let option = flag.to_string();
        match flag {
            'a' => args.bsd_all_users = true,
            'x' => args.bsd_no_tty = true,
            'r' => args.running_only = true,
            'T' => args.this_terminal = true,
            'u' => args.format_letters.push(FormatLetter::BsdUser),
            'j' => args.format_letters.push(FormatLetter::BsdJobs),
            'l' => args.format_letters.push(FormatLetter::BsdLong),
            'v' => args.format_letters.push(FormatLetter::BsdVirtual),
            's' => args.format_letters.push(FormatLetter::BsdSignal),
            'X' => args.format_letters.push(FormatLetter::BsdRegisters),
            'f' => args.forest = true,
            'h' => args.headers = Some(false),
            'c' => args.command_name_only = true,
            'e' => args.show_environment = true,
            'n' => args.numeric = true,
            'S' => args.cumulative = true,
            'H' => args.threads = Some(ThreadStyle::BsdAsProcesses),
            'm' => args.threads = Some(ThreadStyle::AfterProcesses),
            'w' => args.wide += 1,
            'Z' => args.security_label = true,
            'V' => args.version = true,
            'L' => args.list_specifiers = true,
            'p' | 'q' | 't' | 'U' | 'o' | 'O' | 'k' => {
                let value = value_of(&option, inline, rest)?;
                match flag {
                    'p' => push_list(&mut args.pids, value),
                    'q' => push_list(&mut args.quick_pids, value),
                    't' => push_list(&mut args.ttys, value),
                    'U' => push_list(&mut args.effective_users, value),
                    'k' => push_list(&mut args.sort_keys, value),
                    _ => args.user_formats.push(UserFormat {
                        text: value.to_string(),
                        preloaded: flag == 'O',
                        syntax: Syntax::Bsd,
                    }),
                }
                return Ok(());
            }
            _ => return Err(garbage_option(group)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<PsArgs> {
        let words: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        parse(&words)
    }

    #[test]
    fn three_syntaxes_mix() {
        let a = parse_str("aux --sort=-rss -p 1,2").unwrap();
        assert!(a.bsd_all_users && a.bsd_no_tty);
        assert_eq!(a.format_letters, vec![FormatLetter::BsdUser]);
        assert_eq!(a.sort_keys, vec!["-rss"]);
        assert_eq!(a.pids, vec!["1", "2"]);
    }

    #[test]
    fn option_values_inline_or_next_word() {
        let a = parse_str("-eopid,comm -p1 o user").unwrap();
        assert!(a.every);
        assert_eq!(a.user_formats.len(), 2);
        assert_eq!(a.user_formats[0].text, "pid,comm");
        assert_eq!(a.user_formats[1].syntax, Syntax::Bsd);
        assert_eq!(a.pids, vec!["1"]);
    }

    #[test]
    fn bare_numbers_are_pids() {
        assert_eq!(parse_str("123 456").unwrap().pids, vec!["123", "456"]);
    }

    #[test]
    fn mistakes_are_errors() {
        assert!(parse_str("-p").is_err());
        assert!(parse_str("--bogus").is_err());
        assert!(parse_str("-Q").is_err());
        assert!(parse_str("aQ").is_err());
        assert!(parse_str("-").is_err());
    }
}
