//! Parsed ps arguments and the facts of the system, resolved into one
//! [`Query`]: all interpretation happens here, once, and reads nothing.

use super::default_format::resolve_columns;
use super::facts::SystemFacts;
use super::format::{self, preloaded_format};
use super::matcher::Matcher;
use super::query::{Query, Selection, SortKey, ThreadRows};
use super::sort;
use crate::cli::ps_args::{ListKind, PsArgs, TtyArg};
use crate::cli::ps_syntax::PsReadings;
use crate::cli::watch_args;
use crate::columns::{Column, RenderOptions};
use crate::error::{Error, Result};
use crate::proc::root::ProcRoot;
use crate::render::color::Painter;

/// Resolves a ps command line: its first reading, else its second (see
/// [`PsReadings`]); when neither resolves, the first error is the one
/// reported. Warnings (a `PS_FORMAT` that is ignored) go to `warnings`, which
/// the caller prints whatever the outcome, as procps prints them on the way.
pub fn resolve(
    readings: Box<PsReadings>,
    facts: &SystemFacts,
    warnings: &mut Vec<String>,
) -> Result<Query> {
    warnings.extend(bogus_screen_warning(facts));
    let PsReadings { first, second } = *readings;
    let first =
        first.and_then(|args| resolve_reading(&args, facts, warnings).map(|query| (query, args)));
    let (query, args) = match (first, second) {
        (Ok(resolved), _) => resolved,
        (Err(first), Some(second)) if !first.is_abort() => {
            let query = resolve_reading(&second, facts, warnings).map_err(|_| first)?;
            (query, second)
        }
        (Err(first), _) => return Err(first),
    };
    // procps checks -q once the command line is read, without a second reading.
    check_quick_pids(&args, !query.sort.is_empty())?;
    Ok(query)
}

/// Resolves one reading of the command line.
pub(crate) fn resolve_reading(
    args: &PsArgs,
    facts: &SystemFacts,
    warnings: &mut Vec<String>,
) -> Result<Query> {
    // In procps' order: threads, then format and sort, then selection.
    let threads = resolve_threads(args)?;
    let (user_columns, sort) = resolve_lists(args, facts.pid_max_digits)?;
    let columns = resolve_columns(args, facts, user_columns, warnings)?;
    let sort = sort::with_fetched_data(sort, &columns);
    check_selection_conflict(args)?;
    check_output_conflict(args)?;
    let selection = resolve_selection(args, facts)?;
    let screen_width = resolve_width(args, facts);
    let header_every = match args.headers {
        // One row per screen leaves no room to repeat: the header shows once.
        Some(true) => Some(resolve_rows(args, facts).saturating_sub(1)).filter(|&every| every > 0),
        _ => None,
    };
    // A sorted listing shows processes only (procps fetches thread rows only
    // on its unsorted path), but for H, whose threads are processes; with
    // m or -m the process rows keep their look (`-` in thread columns).
    let threads_after_process = threads == ThreadRows::AfterProcess;
    // Listings are plain unless --color asks, as ps' are: scripts and
    // habits built on ps' output meet no escape sequences.
    let colour = !args.json
        && args
            .color
            .is_some_and(|choice| choice.enabled(facts.stdout_is_terminal, facts.no_color));
    let threads = if !sort.is_empty() && !args.threads_as_processes {
        ThreadRows::None
    } else {
        threads
    };
    Ok(Query {
        selection,
        columns,
        sort,
        forest: args.forest,
        headers: args.headers != Some(false),
        headers_forced: args.headers == Some(true),
        header_every,
        screen_width,
        threads,
        render: RenderOptions {
            show_environment: args.show_environment,
            command_name_only: args.command_name_only,
            cumulative: args.cumulative,
            numeric: args.numeric,
            // procps: with -f or -F, comm and ucmd show the whole command line.
            full_command_for_comm: args.full_command_names,
            threads_after_process,
            painter: Painter::for_user(colour, facts.own_euid),
            ..RenderOptions::default()
        },
        json: args.json,
        csv: args.csv,
        sample_ms: args.sample_ms,
        proc_root: args
            .proc_root
            .clone()
            .map_or_else(ProcRoot::default, ProcRoot::new),
        matcher: Matcher::new(&args.match_patterns, args.ignore_case)?,
        // What --match found stands out on a terminal (kps' own option, so
        // ps compatibility does not keep it plain), unless NO_COLOR or
        // --color=never says otherwise.
        highlight: !args.json
            && !args.csv
            && args
                .color
                .unwrap_or_default()
                .enabled(facts.stdout_is_terminal, facts.no_color),
        watch: watch_args::schedule(args.watch_interval, args.watch_count),
    })
}

/// `--csv` is one table: not with `--json`, and not a stream of frames
/// (`--watch --json` is one array per line; CSV has no such framing).
fn check_output_conflict(args: &PsArgs) -> Result<()> {
    if args.csv && args.json {
        return Err(Error::new("--csv and --json cannot be combined"));
    }
    if args.csv && args.watch_interval.is_some() {
        return Err(Error::new(
            "--csv cannot be combined with --watch (--json can)",
        ));
    }
    Ok(())
}

fn resolve_threads(args: &PsArgs) -> Result<ThreadRows> {
    let rows = if args.bsd_threads_after || args.unix_threads_after {
        ThreadRows::AfterProcess
    } else if args.thread_lwp || args.thread_spid || args.threads_as_processes {
        ThreadRows::Each
    } else {
        ThreadRows::None
    };
    if rows != ThreadRows::None && args.forest.is_some() {
        return Err(Error::new(
            "error: thread display conflicts with forest display",
        ));
    }
    let conflict = |what: &str| Err(Error::new(format!("error: thread flags conflict; {what}")));
    if args.threads_as_processes && (args.bsd_threads_after || args.unix_threads_after) {
        return conflict("can't use H with m or -m");
    }
    if args.bsd_threads_after && args.unix_threads_after {
        return conflict("can't use both m and -m");
    }
    if args.thread_lwp && args.thread_spid {
        return conflict("can't use both -L and -T");
    }
    Ok(rows)
}

fn check_quick_pids(args: &PsArgs, sorted: bool) -> Result<()> {
    if args.quick_pid_options == 0 {
        return Ok(());
    }
    let plain = |message: &str| Err(Error::new(message.to_string()));
    if args.quick_pid_options > 1 {
        return plain("q/-q/--quick-pid can only be used once.");
    }
    // `-e`, `a`, `x` and the like may come along; lists may not.
    if args.has_selection_lists() {
        return plain("q/-q/--quick-pid cannot be combined with other selection options.");
    }
    if args.forest.is_some() {
        return plain("q/-q/--quick-pid cannot be used together with forest type listings.");
    }
    if sorted {
        return plain("q/-q,--quick-pid cannot be used together with sort options.");
    }
    if args.negate {
        return plain("q/-q/--quick-pid cannot be used together with negation switches.");
    }
    Ok(())
}

/// ps' selection bits (see [`Selection::traits`]).
const SAME_USER_SAME_TTY: u16 = 0xaa00;
const SAME_USER_WITH_TTY: u16 = 0x0a0a;
const ANY_USER_WITH_TTY: u16 = 0x0f0f;
const SAME_USER: u16 = 0xaaaa;
const WITH_TTY_NOT_LEADER: u16 = 0x0303;
const NOT_LEADER: u16 = 0x3333;
const ALL_BUT_LEADERS_WITHOUT_TTY: u16 = 0x3f3f;
const SAME_USER_WITH_TTY_NOT_LEADER: u16 = 0x0202;
const SAME_USER_NOT_LEADER: u16 = 0x2222;

fn check_selection_conflict(args: &PsArgs) -> Result<()> {
    let bsd_simple = args.bsd_all_users || args.bsd_no_tty || args.bsd_g;
    let unix_simple = args.unix_all_with_tty || args.unix_all_but_leaders;
    if bsd_simple && unix_simple {
        return Err(Error::new("error: process selection options conflict"));
    }
    Ok(())
}

fn resolve_selection(args: &PsArgs, facts: &SystemFacts) -> Result<Selection> {
    let SystemFacts {
        own_euid,
        own_tty,
        personality,
        hide_kernel,
        ..
    } = *facts;
    let mut sel = Selection {
        every: args.every,
        running_only: args.running_only,
        negate: args.negate,
        hide_kernel,
        own_euid,
        own_tty,
        ..Selection::default()
    };
    sel.pids = args.pids.clone();
    sel.ppids = args.ppids.clone();
    sel.sids = args.sids.clone();
    sel.pgrps = args.pgrps.clone();
    if !args.quick_pids.is_empty() {
        sel.quick_pids = Some(args.quick_pids.clone());
    }
    sel.commands = args.commands.clone();
    sel.euids = args.effective_users.clone();
    sel.ruids = args.real_users.clone();
    sel.egids = args.effective_groups.clone();
    sel.rgids = args.real_groups.clone();
    sel.ttys = args
        .ttys
        .iter()
        .map(|tty| match tty {
            TtyArg::Own => own_tty,
            TtyArg::Device(device) => *device,
        })
        .collect();
    let unix_simple = args.unix_all_with_tty || args.unix_all_but_leaders;
    let simple = unix_simple || args.bsd_all_users || args.bsd_no_tty || args.bsd_g;
    let bits = if !simple && !args.prefer_bsd {
        SAME_USER_SAME_TTY
    } else {
        // Everywhere but SunOS 4, BSD `g` is implied unless -a or -d is given.
        let g = args.bsd_g || (personality.implicit_g && !unix_simple);
        match (
            args.unix_all_with_tty,
            args.unix_all_but_leaders,
            g,
            args.bsd_no_tty,
            args.bsd_all_users,
        ) {
            (true, true, ..) => ALL_BUT_LEADERS_WITHOUT_TTY,
            (true, false, ..) => WITH_TTY_NOT_LEADER,
            (false, true, ..) => NOT_LEADER,
            (_, _, false, false, false) => SAME_USER_WITH_TTY_NOT_LEADER,
            (_, _, false, false, true) => WITH_TTY_NOT_LEADER,
            (_, _, false, true, false) => SAME_USER_NOT_LEADER,
            (_, _, false, true, true) => NOT_LEADER,
            (_, _, true, false, false) => SAME_USER_WITH_TTY,
            (_, _, true, false, true) => ANY_USER_WITH_TTY,
            (_, _, true, true, false) => SAME_USER,
            (_, _, true, true, true) => {
                sel.every = true;
                0
            }
        }
    };
    if !sel.every && (simple || !sel.has_lists()) {
        sel.table = Some(bits);
    }
    Ok(sel)
}

/// The format and sort lists of the command line, read in the order given
/// as procps reads them once every word is parsed: the columns they ask for
/// (none: a default format) and the sort keys.
fn resolve_lists(args: &PsArgs, digits: usize) -> Result<(Vec<Column>, Vec<SortKey>)> {
    let error = |message: &str| Err(Error::new(format!("error: {message}")));
    // A `k` or `--sort` anywhere makes every BSD `O` a format.
    let long_sort_given = args.lists.iter().any(|l| l.kind == ListKind::Sort);
    let mut format_seen = false;
    let mut sort_seen = false;
    let mut columns = Vec::new();
    let mut sort = Vec::new();
    let mut first_unknown = None;
    for list in &args.lists {
        match list.kind {
            ListKind::Format => {
                columns.extend(format::parse_format_noting(
                    &list.text,
                    digits,
                    &mut first_unknown,
                )?);
                format_seen = true;
            }
            ListKind::PreloadedFormat => {
                if format_seen {
                    return error("option -O can not follow other format options");
                }
                columns.extend(preloaded_format(&list.text, "END_SYS5", digits)?);
                format_seen = true;
            }
            ListKind::SortOrFormat => {
                let as_sort = if long_sort_given || sort_seen {
                    Err("multiple sort options")
                } else {
                    sort::short_sort_error(&list.text, args.forest.is_some()).map_or(Ok(()), Err)
                };
                match as_sort {
                    Ok(()) => {
                        sort = sort::short_sort_keys(&list.text);
                        sort_seen = true;
                    }
                    Err(_) if format_seen => {
                        return error("option O is neither first format nor sort order");
                    }
                    Err(why) => {
                        let Ok(preloaded) = preloaded_format(&list.text, "END_BSD", digits) else {
                            return error(why);
                        };
                        columns.extend(preloaded);
                        format_seen = true;
                    }
                }
            }
            ListKind::Sort | ListKind::MemorySort => {
                if sort_seen {
                    return error("multiple sort options");
                }
                sort_seen = true;
                sort = sort::parse_sort_list(&list.text)?;
            }
        }
    }
    Ok((columns, sort))
}

/// procps' limit on a line (and on `COLUMNS`), its `OUTBUF_SIZE`: the
/// screen width it assumes when lines are never cut.
pub const MAX_LINE: usize = 131072;

/// The width lines are cut at: `--cols`, else `COLUMNS`, else the terminal's;
/// `None` (never cut) when not writing to a terminal. One `w` widens to at least
/// 132, two make it unlimited.
fn resolve_width(args: &PsArgs, facts: &SystemFacts) -> Option<usize> {
    line_width(
        args.columns,
        args.wide,
        facts.columns,
        facts.stdout_is_terminal.then_some(facts.window),
    )
}

/// ps' rule for the width lines are cut at, for listings and the tree alike:
/// `cols` (`--cols`), else `env_columns` (`COLUMNS`), else the terminal's
/// (`terminal`: stdout is one, of this size if it says); `None`, never cut,
/// when none of them is given. One `w` (`wide`) widens to at least 132, two
/// make it unlimited.
pub fn line_width(
    cols: Option<usize>,
    wide: u32,
    env_columns: Option<usize>,
    terminal: Option<Option<(usize, usize)>>,
) -> Option<usize> {
    let mut width = if let Some(cols) = cols {
        Some(cols)
    } else if let Some(cols) = env_columns.filter(|&n| n > 0 && n < MAX_LINE) {
        Some(cols)
    } else {
        terminal.map(|window| window.map_or(80, |(cols, _)| cols))
    };
    if wide >= 2 {
        width = None;
    } else if wide == 1 {
        width = width.map(|w| w.max(132));
    }
    width
}

/// procps warns of a screen narrower than 9 columns or shorter than 2 rows,
/// as it sees the screen: the terminal's (80x24 without one), as wide as a
/// line may be when stdout is not a terminal, then `COLUMNS` and `LINES`.
/// ps does so as it starts, before `--help`, `--version` or `L` too.
pub fn bogus_screen_warning(facts: &SystemFacts) -> Option<String> {
    let (mut cols, mut rows) = facts.window.unwrap_or((80, 24));
    if !facts.stdout_is_terminal {
        cols = MAX_LINE;
    }
    let in_range = |n: &usize| *n > 0 && *n < MAX_LINE;
    cols = facts.columns.filter(in_range).unwrap_or(cols);
    rows = facts.lines.filter(in_range).unwrap_or(rows);
    (cols < 9 || rows < 2)
        .then(|| format!("your {cols}x{rows} screen size is bogus. expect trouble"))
}

/// Rows of the screen, for `--headers`: `--rows`, `LINES`, the terminal, 24.
fn resolve_rows(args: &PsArgs, facts: &SystemFacts) -> usize {
    args.rows.unwrap_or_else(|| {
        facts
            .lines
            .filter(|&n| n > 0)
            .or_else(|| facts.window.map(|(_, rows)| rows))
            .unwrap_or(24)
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;
    use crate::cli::personality::Personality;
    use crate::cli::ps_args::ForestStyle;
    use crate::cli::{self, Invocation};

    fn resolve_line(line: &str, facts: &SystemFacts) -> (Result<Query>, Vec<String>) {
        let argv = std::iter::once("kps")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect();
        let Ok(Invocation::Ps(readings)) = cli::parse(argv, &facts.personality) else {
            panic!("{line}: not a listing");
        };
        let mut warnings = Vec::new();
        (resolve(readings, facts, &mut warnings), warnings)
    }

    fn query(line: &str, facts: &SystemFacts) -> Query {
        match resolve_line(line, facts).0 {
            Ok(query) => query,
            Err(e) => panic!("{line}: {}", e.message()),
        }
    }

    fn names(query: &Query) -> Vec<&'static str> {
        query
            .columns
            .iter()
            .map(|c| c.spec().map_or("", |spec| spec.name))
            .collect()
    }

    #[test]
    fn ps_format_is_read_from_the_facts_and_a_bad_one_is_a_warning() {
        let facts = SystemFacts {
            ps_format: Some("pid,comm".into()),
            ..SystemFacts::default()
        };
        assert_eq!(names(&query("-e", &facts)), ["pid", "comm"]);
        // An option that chooses the format wins.
        assert_eq!(names(&query("-o ppid", &facts)), ["ppid"]);
        let facts = SystemFacts {
            ps_format: Some("pid,bogus".into()),
            ..SystemFacts::default()
        };
        let (resolved, warnings) = resolve_line("-e", &facts);
        assert_eq!(names(&resolved.unwrap()), ["pid", "tname", "time", "ucmd"]);
        assert_eq!(
            warnings,
            ["warning: $PS_FORMAT ignored. (unknown user-defined format specifier \"bogus\")"]
        );
    }

    #[test]
    fn width_comes_from_the_options_the_environment_or_the_terminal() {
        let piped = SystemFacts::default();
        assert_eq!(query("-e", &piped).screen_width, None);
        let terminal = SystemFacts {
            stdout_is_terminal: true,
            window: Some((120, 40)),
            ..SystemFacts::default()
        };
        assert_eq!(query("-e", &terminal).screen_width, Some(120));
        assert_eq!(query("-ew", &terminal).screen_width, Some(132));
        assert_eq!(query("-eww", &terminal).screen_width, None);
        assert_eq!(query("-e --cols 50", &terminal).screen_width, Some(50));
        let columns = SystemFacts {
            columns: Some(90),
            ..SystemFacts::default()
        };
        assert_eq!(query("-e", &columns).screen_width, Some(90));
        // A terminal without a size is 80 wide.
        let unsized_terminal = SystemFacts {
            stdout_is_terminal: true,
            ..SystemFacts::default()
        };
        assert_eq!(query("-e", &unsized_terminal).screen_width, Some(80));
    }

    #[test]
    fn headers_repeat_once_per_screen() {
        let lines = SystemFacts {
            lines: Some(10),
            window: Some((80, 50)),
            ..SystemFacts::default()
        };
        assert_eq!(query("-e --headers", &lines).header_every, Some(9));
        let window = SystemFacts {
            window: Some((80, 50)),
            ..SystemFacts::default()
        };
        assert_eq!(query("-e --headers", &window).header_every, Some(49));
        assert_eq!(
            query("-e --headers --rows 5", &window).header_every,
            Some(4)
        );
        assert_eq!(query("-e", &window).header_every, None);
    }

    #[test]
    fn process_id_columns_are_as_wide_as_pid_max() {
        let facts = SystemFacts {
            pid_max_digits: 7,
            ..SystemFacts::default()
        };
        let query = query("-o pid,comm", &facts);
        assert_eq!(query.columns[0].width(), 7);
        // Other columns keep their own width.
        let comm = crate::columns::find("comm").map(|spec| spec.width);
        assert_eq!(Some(query.columns[1].width()), comm);
    }

    #[test]
    fn own_user_and_terminal_come_from_the_facts() {
        let facts = SystemFacts {
            own_euid: 1000,
            own_tty: 34816,
            ..SystemFacts::default()
        };
        let query = query("T", &facts);
        assert_eq!(query.selection.own_euid, 1000);
        assert_eq!(query.selection.ttys, [34816]);
    }

    #[test]
    fn a_failed_reading_is_read_again_as_bsd_options() {
        let facts = SystemFacts::default();
        // -o with -f conflicts; read as BSD, it is `o pid` and a forest.
        let query = query("-o pid -f", &facts);
        assert_eq!(names(&query), ["pid"]);
        assert_eq!(query.forest, Some(ForestStyle::Art));
        // When neither reading resolves, the first reading's error is told.
        let (resolved, _) = resolve_line("-o bogus", &facts);
        let error = resolved.err().map(|e| e.message().to_string());
        assert_eq!(
            error.as_deref(),
            Some("error: unknown user-defined format specifier \"bogus\"")
        );
    }

    #[test]
    fn the_personality_comes_from_the_facts() {
        let bsd = SystemFacts {
            personality: Personality::named("bsd", None),
            ..SystemFacts::default()
        };
        // Under `bsd`, BSD `m` sorts by memory and `h` repeats the header.
        let query = query("ax m h", &bsd);
        assert_eq!(query.sort.len(), 1);
        assert_eq!(query.sort[0].spec.name, "pmem");
        assert!(query.headers);
    }
}
