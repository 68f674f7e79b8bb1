//! The ps command line, in all three of its syntaxes, parsed into plain data.
//!
//! Nothing here reads /proc or decides what to print: words become a [`PsArgs`]
//! and the ps module resolves it into a query. ps accepts UNIX options (`-ef`, grouped,
//! with a dash), BSD options (`aux`, grouped, no dash) and GNU long options
//! (`--sort=-rss`), mixed freely; a bare number is a PID list.

use std::ffi::OsString;

use super::lists;
use crate::cli::personality::{BsdM, DashX, Personality};
use crate::error::{Error, Result};
use crate::render::color::ColorChoice;

/// How option clusters with a dash are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `-x` is a UNIX option, `x` a BSD one.
    Standard,
    /// Every cluster is BSD letters, dash or not: procps' second attempt after a
    /// failed first parse, and the only one for personalities like `bsd`.
    AllBsd,
}

/// What a format or sort list given on the command line is. ps keeps them in
/// order and reads them only once every word is parsed, because what BSD `O`
/// means depends on the lists around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `-o`, `o`, `--format`: the columns.
    Format,
    /// `-O`: the default columns with these after the PID.
    PreloadedFormat,
    /// BSD `O`: short sort keys if it reads as such, else a preloaded format.
    SortOrFormat,
    /// `--sort`, `k`: sort keys.
    Sort,
    /// BSD `m` under personalities where it sorts by memory.
    MemorySort,
}

/// A format or sort list and the option that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOrSort {
    pub text: String,
    pub kind: ListKind,
}

/// A BSD output format letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BsdFormat {
    /// `u`: user-oriented.
    User,
    /// `j`: job control.
    Jobs,
    /// `l`: long.
    Long,
    /// `v`: virtual memory.
    Virtual,
    /// `s`: signals.
    Signal,
    /// `X`: registers.
    Registers,
    /// `m` under some personalities: the old Linux memory format.
    Memory,
}

/// The UNIX format flags and modifiers that build ps' generated SysV list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SysvFlags {
    /// `-f`
    pub full: bool,
    /// `-F`
    pub extra_full: bool,
    /// `-l`
    pub long: bool,
    /// `-j`
    pub jobs: bool,
    /// `-y`
    pub no_flags: bool,
    /// `-c`
    pub class: bool,
    /// `-P`
    pub processor: bool,
    /// `-M`, `-Z`
    pub label: bool,
}

impl SysvFlags {
    /// `-f`, `-F` or `-l`: a format of its own (the others only modify one).
    pub fn is_format(&self) -> bool {
        self.full || self.extra_full || self.long
    }

    pub fn any(&self) -> bool {
        *self != SysvFlags::default()
    }
}

/// `--forest`, BSD `f` and UNIX `-H` draw the tree differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForestStyle {
    /// `f`, `--forest`: ` \_ ` art; children of PID 1 not indented.
    Art,
    /// `-H`: two blanks per level.
    Indent,
}

/// A terminal named on the command line, or ps' own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TtyArg {
    Own,
    /// The device number, as /proc/PID/stat's `tty_nr` gives it (0: none).
    Device(i32),
}

/// Everything the words said, before any of it is interpreted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PsArgs {
    /// `-A`, `-e`: every process.
    pub every: bool,
    /// BSD `a`: lift the "only yours" restriction.
    pub bsd_all_users: bool,
    /// BSD `x`: lift the "must have a terminal" restriction.
    pub bsd_no_tty: bool,
    /// BSD `r`: only running processes.
    pub running_only: bool,
    /// BSD `g`: session leaders too.
    pub bsd_g: bool,
    /// `-a`: all with a terminal, except session leaders.
    pub unix_all_with_tty: bool,
    /// `-d`: all except session leaders.
    pub unix_all_but_leaders: bool,
    /// `-N`, `--deselect`.
    pub negate: bool,

    pub pids: Vec<i32>,
    pub quick_pids: Vec<i32>,
    /// How many times `-q`/`q`/`--quick-pid` was given.
    pub quick_pid_options: u32,
    pub ppids: Vec<i32>,
    pub sids: Vec<i32>,
    pub pgrps: Vec<i32>,
    pub ttys: Vec<TtyArg>,
    pub commands: Vec<String>,
    /// `-u`, `U`, `--user`: effective user.
    pub effective_users: Vec<u32>,
    /// `-U`, `--User`: real user.
    pub real_users: Vec<u32>,
    /// `--group`, and `-g` with names: effective group.
    pub effective_groups: Vec<u32>,
    /// `-G`, `--Group`: real group.
    pub real_groups: Vec<u32>,

    pub sysv: SysvFlags,
    pub bsd_formats: Vec<BsdFormat>,
    /// Format and sort lists, in the order given.
    pub lists: Vec<FormatOrSort>,
    pub forest: Option<ForestStyle>,
    /// `--headers` repeats, `--no-headers`/`h` suppresses.
    pub headers: Option<bool>,
    pub heading_options: u32,
    /// `-w`/`w` count.
    pub wide: u32,
    /// `--cols`, `--columns`, `--width`.
    pub columns: Option<usize>,
    /// `--rows`, `--lines`.
    pub rows: Option<usize>,
    /// `-L`: one row per thread with LWP (and NLWP).
    pub thread_lwp: bool,
    /// `-T`: one row per thread with SPID.
    pub thread_spid: bool,
    /// `H`: threads as if they were processes.
    pub threads_as_processes: bool,
    /// BSD `m`: threads after each process.
    pub bsd_threads_after: bool,
    /// `-m`: threads after each process.
    pub unix_threads_after: bool,
    /// BSD `c`.
    pub command_name_only: bool,
    /// `-f`, `-F` or HP's `-x`: comm and ucmd show the whole command line.
    pub full_command_names: bool,
    /// BSD `e`.
    pub show_environment: bool,
    /// BSD `n`.
    pub numeric: bool,
    /// BSD `S`, `--cumulative`.
    pub cumulative: bool,
    /// `--context`.
    pub context: bool,
    /// Some word was read as BSD syntax (or a bare PID list): ps then prefers
    /// BSD defaults for format and selection.
    pub prefer_bsd: bool,
    pub help: bool,
    /// `-V`, `V`, `--version`, `--info`: the option that asked, for the
    /// "exclusive" check.
    pub version: Option<String>,
    /// BSD `L`: list format specifiers.
    pub list_specifiers: bool,
    /// `--sample[=MS]`: %CPU over an interval.
    pub sample_ms: Option<u64>,
    /// `--json`.
    pub json: bool,
    /// `--color[=WHEN]`: listings are plain unless this asks for colour.
    pub color: Option<ColorChoice>,
}

impl PsArgs {
    /// Some list selection (`-p`, `-u`, `-t`, ...) was given.
    pub fn has_selection_lists(&self) -> bool {
        !(self.pids.is_empty()
            && self.ppids.is_empty()
            && self.sids.is_empty()
            && self.pgrps.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.effective_users.is_empty()
            && self.real_users.is_empty()
            && self.effective_groups.is_empty()
            && self.real_groups.is_empty())
    }
}

/// The longest `--sample` interval: a minute is already longer than anyone
/// waits for a listing.
pub const MAX_SAMPLE_MS: u64 = 60_000;

/// Default interval for `--sample` without a value.
pub const DEFAULT_SAMPLE_MS: u64 = 200;

pub fn parse(words: &[OsString], mode: Mode, personality: &Personality) -> Result<PsArgs> {
    // Bytes that are not UTF-8 can only be values (a command name for -C, a
    // header): replaced, they match no process, as the raw bytes would not.
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let mut args = PsArgs {
        prefer_bsd: personality.prefer_bsd || mode == Mode::AllBsd,
        ..PsArgs::default()
    };
    let alone = words.len() == 1;
    let reader = Reader {
        mode,
        personality,
        alone,
    };
    let mut rest = words.iter().map(String::as_str);
    while let Some(word) = rest.next() {
        let bytes = word.as_bytes();
        let exclusive_before = args.version.is_some() || args.list_specifiers;
        match (bytes.first(), bytes.get(1), bytes.get(2)) {
            (Some(b'-'), Some(b'-'), Some(c)) if c.is_ascii_alphabetic() => {
                parse_long(&mut args, &word[2..], &mut rest)?
            }
            (Some(b'-'), Some(c), _) if c.is_ascii_alphabetic() => match mode {
                Mode::Standard => reader.unix_cluster(&mut args, &word[1..], &mut rest)?,
                Mode::AllBsd => {
                    reader.bsd_cluster(&mut args, word, &mut rest)?;
                    args.prefer_bsd = true;
                }
            },
            // A number, `-` and a number, or `+` and anything: IDs to the end.
            (Some(b'+'), ..) | (Some(b'-'), Some(b'0'..=b'9'), _) | (Some(b'0'..=b'9'), ..) => {
                push_trailing_ids(&mut args, word, &mut rest)?;
                args.prefer_bsd = true;
            }
            // procps' second reading gives up on words without a dash unless
            // the personality reads everything as BSD.
            (Some(c), _, _) if c.is_ascii_alphabetic() && reader.rereading() => {
                return Err(Error::new(
                    "error: second chance parse failed, not BSD or SysV",
                ));
            }
            (Some(c), _, _) if c.is_ascii_alphabetic() => {
                reader.bsd_cluster(&mut args, word, &mut rest)?;
                args.prefer_bsd = true;
            }
            _ => return Err(Error::new(format!("error: garbage option: '{word}'"))),
        }
        // `-V`, `V`, `--version`, `--info` and `L` must be the only word, and
        // that word exactly, which procps checks on meeting them.
        let exclusive_now = args.version.is_some() || args.list_specifiers;
        if exclusive_now && !exclusive_before {
            let spelling = args.version.clone().unwrap_or_else(|| "L".to_string());
            if !alone || word != spelling {
                return Err(Error::new(format!(
                    "error: the option is exclusive: {spelling}"
                )));
            }
        }
    }
    Ok(args)
}

type Words<'a, 'b> = dyn Iterator<Item = &'a str> + 'b;

/// `ps 12 -34 +56`: a bare number, and every word after it, names one
/// process, process group (`-N`) or session (`+N`). Unlike the lists of
/// options, procps does not split these words at commas or blanks, so
/// `ps 1,2` is a syntax error.
fn push_trailing_ids<'a>(
    args: &mut PsArgs,
    first: &'a str,
    rest: &mut Words<'a, '_>,
) -> Result<()> {
    for word in std::iter::once(first).chain(rest) {
        let (list, id) = match word.as_bytes().first() {
            Some(b'-') => (&mut args.pgrps, &word[1..]),
            Some(b'+') => (&mut args.sids, &word[1..]),
            _ => (&mut args.pids, word),
        };
        list.push(lists::parse_id(id)?);
    }
    Ok(())
}

/// Items separated by commas, blanks or tabs; an empty item, even after a
/// trailing separator, is an error, as in ps (format and sort lists allow
/// one trailing separator, these do not).
fn split_list(text: &str) -> Result<Vec<String>> {
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

// Each list is read into numbers as procps reads it while parsing, so that
// the first wrong word is the one reported.

/// Process, session or process group IDs.
fn push_ids(list: &mut Vec<i32>, text: &str) -> Result<()> {
    list.extend(lists::parse_ids(&split_list(text)?)?);
    Ok(())
}

/// Users or groups, by `resolve`; `negate` is whether `-N` came before.
fn push_ids_of(
    list: &mut Vec<u32>,
    text: &str,
    resolve: fn(&[String], bool) -> Result<Vec<u32>>,
    negate: bool,
) -> Result<()> {
    list.extend(resolve(&split_list(text)?, negate)?);
    Ok(())
}

/// `-g`: session leaders when every item is a number, else effective groups.
fn push_sessions_or_groups(args: &mut PsArgs, text: &str) -> Result<()> {
    // Read as PIDs, then as groups; a list neither reading takes, even one of
    // the wrong shape, gets the one message.
    let items = split_list(text).map_err(|_| lists::sessions_or_groups_invalid())?;
    let (sids, gids) = lists::sessions_or_groups(&items, args.negate)?;
    args.sids.extend(sids);
    args.effective_groups.extend(gids);
    Ok(())
}

/// Terminals of `-t`, `t`, `--tty`.
fn push_terminals(args: &mut PsArgs, text: &str) -> Result<()> {
    for name in split_list(text)? {
        args.ttys.push(TtyArg::Device(lists::tty_number(&name)?));
    }
    Ok(())
}

/// `--cols`/`--rows`: a number as strtol reads it, from 1 to 2e9 - 1.
fn screen_size(text: &str, missing: &str) -> Result<usize> {
    lists::parse_c_number(text)
        .filter(|&n| n > 0 && n < 2_000_000_000)
        .map(|n| n as usize)
        .ok_or_else(|| Error::new(format!("error: {missing}")))
}

/// The value of an option: the rest of the cluster if any, else the next word.
fn value_of<'a>(inline: &'a str, rest: &mut Words<'a, '_>, missing: &str) -> Result<&'a str> {
    if !inline.is_empty() {
        return Ok(inline);
    }
    match rest.next() {
        Some(word) if !word.is_empty() => Ok(word),
        _ => Err(Error::new(format!("error: {missing}"))),
    }
}

fn parse_long<'a>(args: &mut PsArgs, long: &'a str, rest: &mut Words<'a, '_>) -> Result<()> {
    let (name, inline) = match long.find(['=', ':']) {
        Some(i) => (&long[..i], Some(&long[i + 1..])),
        None => (long, None),
    };
    let mut value = |missing: &str| -> Result<&'a str> {
        match inline {
            Some(v) if !v.is_empty() => Ok(v),
            Some(_) => Err(Error::new(format!("error: {missing}"))),
            None => value_of("", rest, missing),
        }
    };
    let no_value = |option: &str| -> Result<()> {
        match inline {
            Some(_) => Err(Error::new(format!(
                "error: option --{option} does not take an argument"
            ))),
            None => Ok(()),
        }
    };
    match name {
        "pid" => push_ids(
            &mut args.pids,
            value("list of process IDs must follow --pid")?,
        )?,
        "ppid" => push_ids(
            &mut args.ppids,
            value("list of process IDs must follow --ppid")?,
        )?,
        "quick-pid" => {
            push_ids(
                &mut args.quick_pids,
                value("List of process IDs must follow --quick-pid.")?,
            )?;
            args.quick_pid_options += 1;
        }
        "sid" => push_ids(
            &mut args.sids,
            value("some sid thing(s) must follow --sid")?,
        )?,
        "tty" => {
            push_terminals(args, value("list of ttys must follow --tty")?)?;
        }
        "user" => push_ids_of(
            &mut args.effective_users,
            value("list of effective users must follow --user")?,
            lists::resolve_users,
            args.negate,
        )?,
        "User" => push_ids_of(
            &mut args.real_users,
            value("list of real users must follow --User")?,
            lists::resolve_users,
            args.negate,
        )?,
        "group" => push_ids_of(
            &mut args.effective_groups,
            value("list of effective groups must follow --group")?,
            lists::resolve_groups,
            args.negate,
        )?,
        "Group" => push_ids_of(
            &mut args.real_groups,
            value("list of real groups must follow --Group")?,
            lists::resolve_groups,
            args.negate,
        )?,
        "format" => {
            let text = value("format specification must follow --format")?;
            push_format_or_sort(args, text, ListKind::Format);
        }
        "sort" => {
            let text = value("long sort specification must follow --sort")?;
            push_format_or_sort(args, text, ListKind::Sort);
        }
        "cols" | "columns" | "width" => {
            let missing = "number of columns must follow --cols, --width, or --columns";
            args.columns = Some(screen_size(value(missing)?, missing)?);
        }
        "lines" | "rows" => {
            let missing = "number of rows must follow --rows or --lines";
            args.rows = Some(screen_size(value(missing)?, missing)?);
        }
        "deselect" => {
            no_value("deselect")?;
            args.negate = true;
        }
        "forest" => {
            no_value("forest")?;
            args.forest = Some(ForestStyle::Art);
        }
        "cumulative" => {
            no_value("cumulative")?;
            args.cumulative = true;
        }
        "context" => args.context = true,
        "headers" | "header" | "heading" | "headings" => {
            no_value("heading")?;
            set_heading(args, true)?;
        }
        "no-headers" | "no-header" | "no-heading" | "no-headings" | "noheader" | "noheaders"
        | "noheading" | "noheadings" => {
            no_value("no-heading")?;
            set_heading(args, false)?;
        }
        "help" | "usage" => args.help = true,
        "version" | "info" => args.version = Some(format!("--{name}")),
        "json" => args.json = true,
        "color" => {
            args.color = Some(match inline {
                None | Some("always") => ColorChoice::Always,
                Some("auto") => ColorChoice::Auto,
                Some("never") => ColorChoice::Never,
                Some(other) => {
                    return Err(Error::new(format!(
                        "error: --color takes auto, always or never: '{other}'"
                    )));
                }
            })
        }
        "sample" => {
            let ms = match inline {
                Some(text) => text
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| (1..=MAX_SAMPLE_MS).contains(ms))
                    .ok_or_else(|| {
                        Error::new(format!(
                            "error: --sample takes 1 to {MAX_SAMPLE_MS} milliseconds: '{text}'"
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

/// How the words are being read: which pass, under which personality.
struct Reader<'p> {
    mode: Mode,
    personality: &'p Personality,
    /// The command line is one word.
    alone: bool,
}

impl Reader<'_> {
    /// `-V`, `V` and `L` must be the whole command line; procps checks when
    /// it meets the letter, before the letters after it.
    fn exclusive(&self, whole_word: bool, spelling: &str) -> Result<()> {
        if self.alone && whole_word {
            Ok(())
        } else {
            Err(Error::new(format!(
                "error: the option is exclusive: {spelling}"
            )))
        }
    }

    /// The BSD reading after a failed first one, under a personality that
    /// otherwise reads UNIX options.
    fn rereading(&self) -> bool {
        self.mode == Mode::AllBsd && !self.personality.all_bsd
    }
}

fn set_heading(args: &mut PsArgs, show: bool) -> Result<()> {
    args.heading_options += 1;
    if args.heading_options > 1 {
        return Err(Error::new(
            "error: only one heading option may be specified",
        ));
    }
    args.headers = Some(show);
    Ok(())
}

fn push_format_or_sort(args: &mut PsArgs, text: &str, kind: ListKind) {
    args.lists.push(FormatOrSort {
        text: text.to_string(),
        kind,
    });
}

impl Reader<'_> {
    fn unix_cluster<'a>(
        &self,
        args: &mut PsArgs,
        cluster: &'a str,
        rest: &mut Words<'a, '_>,
    ) -> Result<()> {
        for (i, flag) in cluster.char_indices() {
            let inline = &cluster[i + flag.len_utf8()..];
            match flag {
                'A' | 'e' => args.every = true,
                'a' => args.unix_all_with_tty = true,
                'd' => args.unix_all_but_leaders = true,
                'N' => args.negate = true,
                'f' => {
                    args.sysv.full = true;
                    args.full_command_names = true;
                }
                'F' => {
                    args.sysv.extra_full = true;
                    args.full_command_names = true;
                }
                'l' => args.sysv.long = true,
                'j' => args.sysv.jobs = true,
                'c' => args.sysv.class = true,
                'y' => args.sysv.no_flags = true,
                'P' => args.sysv.processor = true,
                'M' | 'Z' => args.sysv.label = true,
                'H' => args.forest = Some(ForestStyle::Indent),
                'L' => args.thread_lwp = true,
                'T' => args.thread_spid = true,
                'm' => args.unix_threads_after = true,
                'w' => args.wide += 1,
                'V' => {
                    self.exclusive(cluster == "V", "-V")?;
                    args.version = Some("-V".into());
                }
                'x' => match self.personality.dash_x {
                    DashX::Unsupported => {
                        return Err(Error::new("error: must set personality to get -x option"));
                    }
                    DashX::LongCommands => {
                        args.wide += 2;
                        args.full_command_names = true;
                    }
                    DashX::NoFlags => args.sysv.no_flags = true,
                },
                '-' => {
                    return Err(Error::new(
                        "error: embedded '-' among SysV options makes no sense",
                    ));
                }
                'p' | 'q' | 's' | 't' | 'u' | 'U' | 'g' | 'G' | 'C' | 'o' | 'O' => {
                    let missing = match flag {
                        'p' => "list of process IDs must follow -p",
                        'q' => "List of process IDs must follow -q.",
                        's' => "list of session IDs must follow -s",
                        't' => "list of terminals (pty, tty...) must follow -t",
                        'u' => "list of users must follow -u",
                        'U' => "list of real users must follow -U",
                        'g' => "list of session leaders OR effective group names must follow -g",
                        'G' => "list of real groups must follow -G",
                        'C' => "list of command names must follow -C",
                        'o' => "format specification must follow -o",
                        _ => "format or sort specification must follow -O",
                    };
                    let value = value_of(inline, rest, missing)?;
                    match flag {
                        'p' => push_ids(&mut args.pids, value)?,
                        'q' => {
                            push_ids(&mut args.quick_pids, value)?;
                            args.quick_pid_options += 1;
                        }
                        's' => push_ids(&mut args.sids, value)?,
                        't' => {
                            push_terminals(args, value)?;
                        }
                        'u' => push_ids_of(
                            &mut args.effective_users,
                            value,
                            lists::resolve_users,
                            args.negate,
                        )?,
                        'U' => push_ids_of(
                            &mut args.real_users,
                            value,
                            lists::resolve_users,
                            args.negate,
                        )?,
                        'g' => push_sessions_or_groups(args, value)?,
                        'G' => push_ids_of(
                            &mut args.real_groups,
                            value,
                            lists::resolve_groups,
                            args.negate,
                        )?,
                        'C' => args.commands.extend(split_list(value)?),
                        'O' => push_format_or_sort(args, value, ListKind::PreloadedFormat),
                        _ => push_format_or_sort(args, value, ListKind::Format),
                    }
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

    /// A word of BSD letters; with a dash when every option is read as BSD.
    fn bsd_cluster<'a>(
        &self,
        args: &mut PsArgs,
        word: &'a str,
        rest: &mut Words<'a, '_>,
    ) -> Result<()> {
        let cluster = word.strip_prefix('-').unwrap_or(word);
        for (i, flag) in cluster.char_indices() {
            let inline = &cluster[i + flag.len_utf8()..];
            match flag {
                'a' => args.bsd_all_users = true,
                'x' => args.bsd_no_tty = true,
                'g' => args.bsd_g = true,
                'r' => args.running_only = true,
                'T' => args.ttys.push(TtyArg::Own),
                'u' => args.bsd_formats.push(BsdFormat::User),
                'j' => args.bsd_formats.push(BsdFormat::Jobs),
                'l' => args.bsd_formats.push(BsdFormat::Long),
                'v' => args.bsd_formats.push(BsdFormat::Virtual),
                's' => args.bsd_formats.push(BsdFormat::Signal),
                'X' => args.bsd_formats.push(BsdFormat::Registers),
                'f' => args.forest = Some(ForestStyle::Art),
                'h' => set_heading(args, self.personality.h_repeats_headers)?,
                'c' => args.command_name_only = true,
                'e' => args.show_environment = true,
                'n' => args.numeric = true,
                'S' => args.cumulative = true,
                'H' => args.threads_as_processes = true,
                // Threads after their process whatever the personality says
                // of `m` (the Mac OS X spelling).
                'M' => args.bsd_threads_after = true,
                'm' => {
                    let meaning = match self.mode {
                        Mode::Standard => self.personality.bsd_m,
                        Mode::AllBsd => self.personality.bsd_m_when_all_bsd(),
                    };
                    match meaning {
                        BsdM::Threads => args.bsd_threads_after = true,
                        BsdM::SortByMemory => {
                            push_format_or_sort(args, "pmem", ListKind::MemorySort)
                        }
                        BsdM::MemoryFormat => args.bsd_formats.push(BsdFormat::Memory),
                    }
                }
                'w' => args.wide += 1,
                'Z' => args.sysv.label = true,
                'V' => {
                    self.exclusive(word == "V", "V")?;
                    args.version = Some("V".into());
                }
                'L' => {
                    self.exclusive(word == "L", "L")?;
                    args.list_specifiers = true;
                }
                'W' => {
                    return Err(Error::new(
                        "error: obsolete W option not supported (you have a /dev/drum?)",
                    ));
                }
                '-' => {
                    return Err(Error::new(
                        "error: embedded '-' among BSD options makes no sense",
                    ));
                }
                't' => {
                    // Terminals from the rest of the word or the next word,
                    // like the other lists; with neither, this terminal.
                    let terminals = if inline.is_empty() {
                        rest.next()
                    } else {
                        Some(inline)
                    };
                    match terminals {
                        Some("") => return Err(Error::new("error: garbage option: ''")),
                        Some(list) => push_terminals(args, list)?,
                        None => args.ttys.push(TtyArg::Own),
                    }
                    return Ok(());
                }
                'p' | 'q' | 'U' | 'o' | 'O' | 'k' => {
                    let missing = match flag {
                        'p' => "list of process IDs must follow p",
                        'q' => "List of process IDs must follow q.",
                        'U' => "list of users must follow U",
                        'o' => "format specification must follow o",
                        'O' => "format or sort specification must follow O",
                        _ => "long sort specification must follow 'k'",
                    };
                    let value = value_of(inline, rest, missing)?;
                    match flag {
                        'p' => push_ids(&mut args.pids, value)?,
                        'q' => {
                            push_ids(&mut args.quick_pids, value)?;
                            args.quick_pid_options += 1;
                        }
                        'U' => push_ids_of(
                            &mut args.effective_users,
                            value,
                            lists::resolve_users,
                            args.negate,
                        )?,
                        'k' => push_format_or_sort(args, value, ListKind::Sort),
                        'O' => push_format_or_sort(args, value, ListKind::SortOrFormat),
                        _ => push_format_or_sort(args, value, ListKind::Format),
                    }
                    return Ok(());
                }
                _ => {
                    return Err(Error::new(format!(
                        "error: unsupported option (BSD syntax): {flag}"
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<PsArgs> {
        let words: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        parse(&words, Mode::Standard, &Personality::default())
    }

    #[test]
    fn three_syntaxes_mix() {
        let a = parse_str("aux --sort=-rss -p 1,2").unwrap();
        assert!(a.bsd_all_users && a.bsd_no_tty && a.prefer_bsd);
        assert_eq!(a.bsd_formats, vec![BsdFormat::User]);
        assert_eq!(a.lists[0].text, "-rss");
        assert_eq!(a.lists[0].kind, ListKind::Sort);
        assert_eq!(a.pids, vec![1, 2]);
    }

    #[test]
    fn option_values_inline_or_next_word() {
        let a = parse_str("-eopid,comm -p1 o user").unwrap();
        assert!(a.every);
        assert_eq!(a.lists.len(), 2);
        assert_eq!(a.lists[0].text, "pid,comm");
        assert_eq!(a.lists[1].text, "user");
        assert_eq!(a.pids, vec![1]);
    }

    #[test]
    fn bare_lists_take_the_rest() {
        assert_eq!(parse_str("123 456").unwrap().pids, vec![123, 456]);
        assert_eq!(parse_str("+7").unwrap().sids, vec![7]);
        assert_eq!(parse_str("-9").unwrap().pgrps, vec![9]);
        let mixed = parse_str("5 -6 +7 8").unwrap();
        assert_eq!(mixed.pids, vec![5, 8]);
        assert_eq!(mixed.pgrps, vec![6]);
        assert_eq!(mixed.sids, vec![7]);
        // One ID per word, each checked as it comes.
        assert!(parse_str("1 1,2").is_err());
        assert!(parse_str("1 u").is_err());
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            "-p",
            "--bogus",
            "-Q",
            "aQ",
            "-",
            "-p 1,,2",
            "h h",
            "--forest=1",
        ] {
            assert!(parse_str(bad).is_err(), "{bad} should fail");
        }
    }
}
