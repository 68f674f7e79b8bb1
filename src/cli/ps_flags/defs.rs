//! The table: every ps option, in the order the man page lists them.

use super::Section::{Format, Lists, Modifiers, Other, Simple, Threads};
use super::apply::{
    color, ignore_case, no_argument, push_bsd_terminals, push_groups, push_ids, push_list,
    push_pattern, push_sessions_or_groups, push_terminals, push_users, sample_ms, screen_size,
    set_heading, split_list, watch_count, watch_interval,
};
use super::{Exit, PsFlag, Syntax, Takes};
use crate::cli::personality::{BsdM, DashX};
use crate::cli::ps_args::{BsdFormat, ForestStyle, ListKind, Mode, TtyArg};
use crate::error::Error;

/// Every ps option kps accepts, in the order the man page lists them.
pub static PS_FLAGS: &[PsFlag] = &[
    PsFlag::new("every", Simple, "Select every process.")
        .unix(&['e', 'A'])
        .common()
        .sets(|args| &mut args.every),
    PsFlag::new(
        "bsd-all-users",
        Simple,
        "Every user's processes with a terminal; ax: all.",
    )
    .bsd(&['a'])
    .common()
    .sets(|args| &mut args.bsd_all_users),
    PsFlag::new(
        "bsd-no-tty",
        Simple,
        "Your processes, with or without a terminal.",
    )
    .bsd(&['x'])
    .common()
    .sets(|args| &mut args.bsd_no_tty),
    PsFlag::new(
        "all-with-tty",
        Simple,
        "Every process with a terminal, except session leaders.",
    )
    .unix(&['a'])
    .sets(|args| &mut args.unix_all_with_tty),
    PsFlag::new(
        "all-but-leaders",
        Simple,
        "Every process except session leaders.",
    )
    .unix(&['d'])
    .sets(|args| &mut args.unix_all_but_leaders),
    PsFlag::new("running", Simple, "Only running processes.")
        .bsd(&['r'])
        .sets(|args| &mut args.running_only),
    PsFlag::new("this-terminal", Simple, "Processes on this terminal.")
        .bsd(&['T'])
        .apply(|args, _| {
            args.ttys.push(TtyArg::Own);
            Ok(())
        }),
    PsFlag::new(
        "bsd-group",
        Simple,
        "Accepted for compatibility; always implied.",
    )
    .bsd(&['g'])
    .sets(|args| &mut args.bsd_g),
    PsFlag::new(
        "deselect",
        Simple,
        "Select the processes that do not match the selection.",
    )
    .unix(&['N'])
    .long(&["deselect"])
    .apply(|args, given| {
        no_argument(given, "deselect")?;
        args.negate = true;
        Ok(())
    }),
    PsFlag::new("pid", Lists, "Select by process ID.")
        .unix(&['p'])
        .bsd(&['p'])
        .long(&["pid"])
        .takes(Takes::Pids, "list of process IDs must follow {}")
        .common()
        .apply(|args, given| push_ids(&mut args.pids, given.text())),
    PsFlag::new(
        "quick-pid",
        Lists,
        "Read only these process IDs, in the order given.",
    )
    .unix(&['q'])
    .bsd(&['q'])
    .long(&["quick-pid"])
    .takes(Takes::Pids, "List of process IDs must follow {}.")
    .apply(|args, given| {
        push_ids(&mut args.quick_pids, given.text())?;
        args.quick_pid_options += 1;
        Ok(())
    }),
    PsFlag::new("ppid", Lists, "Select by parent process ID.")
        .long(&["ppid"])
        .takes(Takes::Pids, "list of process IDs must follow {}")
        .common()
        .apply(|args, given| push_ids(&mut args.ppids, given.text())),
    PsFlag::new("sid", Lists, "Select by session ID.")
        .unix(&['s'])
        .long(&["sid"])
        .takes(Takes::Sessions, "list of session IDs must follow {}")
        .missing_in(Syntax::Long, "some sid thing(s) must follow {}")
        .apply(|args, given| push_ids(&mut args.sids, given.text())),
    PsFlag::new(
        "tty",
        Lists,
        "Select by terminal (pts/3, tty1, ? for none).",
    )
    .unix(&['t'])
    .long(&["tty"])
    .takes(
        Takes::Terminals,
        "list of terminals (pty, tty...) must follow {}",
    )
    .missing_in(Syntax::Long, "list of ttys must follow {}")
    .apply(|args, given| push_terminals(args, given.text())),
    PsFlag::new(
        "bsd-tty",
        Lists,
        "Select by terminals (t pts/3); as the last word, this terminal.",
    )
    .bsd(&['t'])
    .optional(Takes::OptionalTerminals)
    .apply(push_bsd_terminals),
    PsFlag::new("command", Lists, "Select by command name.")
        .unix(&['C'])
        .takes(Takes::Commands, "list of command names must follow {}")
        .common()
        .apply(|args, given| {
            args.commands.extend(split_list(given.text())?);
            Ok(())
        }),
    PsFlag::new("match", Lists, "Names or args matching (smart case).")
        .long(&["match"])
        .takes(Takes::Pattern, "a regular expression must follow {}")
        .common()
        .apply(push_pattern),
    PsFlag::new("ignore-case", Lists, "--match ignores capitals too.")
        .long(&["ignore-case"])
        .apply(ignore_case),
    PsFlag::new("user", Lists, "Select by effective user (name or ID).")
        .unix(&['u'])
        .bsd(&['U'])
        .long(&["user"])
        .takes(Takes::Users, "list of users must follow {}")
        .missing_in(Syntax::Long, "list of effective users must follow {}")
        .common()
        .apply(|args, given| push_users(&mut args.effective_users, given.text(), args.negate)),
    PsFlag::new("real-user", Lists, "Select by real user (name or ID).")
        .unix(&['U'])
        .long(&["User"])
        .takes(Takes::Users, "list of real users must follow {}")
        .apply(|args, given| push_users(&mut args.real_users, given.text(), args.negate)),
    PsFlag::new("group", Lists, "Select by effective group (name or ID).")
        .long(&["group"])
        .takes(Takes::Groups, "list of effective groups must follow {}")
        .apply(|args, given| push_groups(&mut args.effective_groups, given.text(), args.negate)),
    PsFlag::new(
        "session-or-group",
        Lists,
        "Select by session ID, or by effective group if names.",
    )
    .unix(&['g'])
    .takes(
        Takes::Groups,
        "list of session leaders OR effective group names must follow {}",
    )
    .apply(|args, given| push_sessions_or_groups(args, given.text())),
    PsFlag::new("real-group", Lists, "Select by real group (name or ID).")
        .unix(&['G'])
        .long(&["Group"])
        .takes(Takes::Groups, "list of real groups must follow {}")
        .apply(|args, given| push_groups(&mut args.real_groups, given.text(), args.negate)),
    PsFlag::new(
        "format",
        Format,
        "Show these columns (see FORMAT SPECIFIERS).",
    )
    .unix(&['o'])
    .bsd(&['o'])
    .long(&["format"])
    .takes(Takes::Format, "format specification must follow {}")
    .common()
    .apply(|args, given| {
        push_list(args, given.text(), ListKind::Format);
        Ok(())
    }),
    PsFlag::new(
        "preloaded-format",
        Format,
        "Show these columns after PID, then the default ones.",
    )
    .unix(&['O'])
    .bsd(&['O'])
    .takes(Takes::Format, "format or sort specification must follow {}")
    .apply(|args, given| {
        // BSD `O` may be short sort keys; which it is waits for resolution.
        let kind = match given.syntax {
            Syntax::Unix => ListKind::PreloadedFormat,
            _ => ListKind::SortOrFormat,
        };
        push_list(args, given.text(), kind);
        Ok(())
    }),
    PsFlag::new(
        "full",
        Format,
        "Full format: UID PID PPID C STIME TTY TIME CMD.",
    )
    .unix(&['f'])
    .common()
    .apply(|args, _| {
        args.sysv.full = true;
        args.full_command_names = true;
        Ok(())
    }),
    PsFlag::new(
        "extra-full",
        Format,
        "Extra full format: -f with SZ RSS PSR.",
    )
    .unix(&['F'])
    .apply(|args, _| {
        args.sysv.extra_full = true;
        args.full_command_names = true;
        Ok(())
    }),
    PsFlag::new(
        "long-format",
        Format,
        "Long format: F S UID PID PPID ... WCHAN.",
    )
    .unix(&['l'])
    .sets(|args| &mut args.sysv.long),
    PsFlag::new("jobs", Format, "Jobs format: PID PGID SID TTY TIME CMD.")
        .unix(&['j'])
        .sets(|args| &mut args.sysv.jobs),
    PsFlag::new(
        "bsd-user",
        Format,
        "User-oriented format: USER PID %CPU %MEM VSZ RSS ...",
    )
    .bsd(&['u'])
    .common()
    .apply(|args, _| {
        args.bsd_formats.push(BsdFormat::User);
        Ok(())
    }),
    PsFlag::new(
        "bsd-jobs",
        Format,
        "Job control format: PPID PID PGID SID ...",
    )
    .bsd(&['j'])
    .apply(|args, _| {
        args.bsd_formats.push(BsdFormat::Jobs);
        Ok(())
    }),
    PsFlag::new(
        "bsd-long",
        Format,
        "Long format: F UID PID PPID PRI NI VSZ RSS ...",
    )
    .bsd(&['l'])
    .apply(|args, _| {
        args.bsd_formats.push(BsdFormat::Long);
        Ok(())
    }),
    PsFlag::new(
        "bsd-virtual",
        Format,
        "Virtual memory format: MAJFL TRS DRS RSS ...",
    )
    .bsd(&['v'])
    .apply(|args, _| {
        args.bsd_formats.push(BsdFormat::Virtual);
        Ok(())
    }),
    PsFlag::new(
        "bsd-signal",
        Format,
        "Signal format: PENDING BLOCKED IGNORED CAUGHT.",
    )
    .bsd(&['s'])
    .apply(|args, _| {
        args.bsd_formats.push(BsdFormat::Signal);
        Ok(())
    }),
    PsFlag::new("bsd-registers", Format, "Register format: STACKP ESP EIP.")
        .bsd(&['X'])
        .apply(|args, _| {
            args.bsd_formats.push(BsdFormat::Registers);
            Ok(())
        }),
    PsFlag::new(
        "sched-class",
        Format,
        "Scheduling class columns with -l and -f.",
    )
    .unix(&['c'])
    .sets(|args| &mut args.sysv.class),
    PsFlag::new(
        "long-rss",
        Format,
        "With -l: RSS instead of ADDR, no F column.",
    )
    .unix(&['y'])
    .sets(|args| &mut args.sysv.no_flags),
    PsFlag::new("security-label", Format, "Add a security label column.")
        .unix(&['M', 'Z'])
        .bsd(&['Z'])
        .sets(|args| &mut args.sysv.label),
    PsFlag::new("processor", Format, "Add the processor (PSR) column.")
        .unix(&['P'])
        .sets(|args| &mut args.sysv.processor),
    PsFlag::new(
        "context",
        Format,
        "Security context format: PID CONTEXT COMMAND.",
    )
    .long(&["context"])
    .sets(|args| &mut args.context),
    PsFlag::new(
        "sort",
        Modifiers,
        "Sort by these specifiers; -name for descending.",
    )
    .bsd(&['k'])
    .long(&["sort"])
    .takes(Takes::Sort, "long sort specification must follow {}")
    .missing_in(Syntax::Bsd, "long sort specification must follow 'k'")
    .common()
    .apply(|args, given| {
        push_list(args, given.text(), ListKind::Sort);
        Ok(())
    }),
    PsFlag::new(
        "forest",
        Modifiers,
        "Draw the process tree as ASCII art (nested in --json).",
    )
    .unix(&['H'])
    .bsd(&['f'])
    .long(&["forest"])
    .common()
    .apply(|args, given| {
        no_argument(given, "forest")?;
        let style = match given.syntax {
            Syntax::Unix => ForestStyle::Indent,
            _ => ForestStyle::Art,
        };
        args.forest = Some(style);
        Ok(())
    }),
    PsFlag::new("no-headers", Modifiers, "Print no header line.")
        .bsd(&['h'])
        .long(&[
            "no-headers",
            "no-header",
            "no-heading",
            "no-headings",
            "noheader",
            "noheaders",
            "noheading",
            "noheadings",
        ])
        .common()
        .apply(|args, given| {
            no_argument(given, "no-heading")?;
            // Some personalities' BSD `h` repeats the header instead.
            let show = given.syntax == Syntax::Bsd && given.personality.h_repeats_headers;
            set_heading(args, show)
        }),
    PsFlag::new(
        "headers",
        Modifiers,
        "Repeat the header line on every screen.",
    )
    .long(&["headers", "header", "heading", "headings"])
    .apply(|args, given| {
        no_argument(given, "heading")?;
        set_heading(args, true)
    }),
    PsFlag::new("wide", Modifiers, "Wide output; twice for unlimited width.")
        .unix(&['w'])
        .bsd(&['w'])
        .repeats()
        .common()
        .apply(|args, _| {
            args.wide += 1;
            Ok(())
        }),
    PsFlag::new("cols", Modifiers, "Cut lines at this many columns.")
        .long(&["cols", "columns", "width"])
        .takes(
            Takes::Number,
            "number of columns must follow --cols, --width, or --columns",
        )
        .apply(|args, given| {
            args.columns = Some(screen_size(given)?);
            Ok(())
        }),
    PsFlag::new("rows", Modifiers, "Rows per screen, for --headers.")
        .long(&["lines", "rows"])
        .takes(
            Takes::Number,
            "number of rows must follow --rows or --lines",
        )
        .apply(|args, given| {
            args.rows = Some(screen_size(given)?);
            Ok(())
        }),
    PsFlag::new(
        "command-name",
        Modifiers,
        "Show the executable name instead of the command line.",
    )
    .bsd(&['c'])
    .sets(|args| &mut args.command_name_only),
    PsFlag::new(
        "environment",
        Modifiers,
        "Show the environment after the command.",
    )
    .bsd(&['e'])
    .sets(|args| &mut args.show_environment),
    PsFlag::new("numeric", Modifiers, "Show user and group IDs as numbers.")
        .bsd(&['n'])
        .sets(|args| &mut args.numeric),
    PsFlag::new(
        "cumulative",
        Modifiers,
        "Add the CPU time of waited-for children.",
    )
    .bsd(&['S'])
    .long(&["cumulative"])
    .apply(|args, given| {
        no_argument(given, "cumulative")?;
        args.cumulative = true;
        Ok(())
    }),
    PsFlag::new(
        "json",
        Modifiers,
        "Print JSON, keyed by identifiers (%cpu: pcpu).",
    )
    .long(&["json"])
    .common()
    .sets(|args| &mut args.json),
    PsFlag::new(
        "csv",
        Modifiers,
        "Print CSV, a header of JSON keys, a row per process.",
    )
    .long(&["csv"])
    .common()
    .sets(|args| &mut args.csv),
    PsFlag::new(
        "sample",
        Modifiers,
        "Measure %CPU over MS milliseconds (200 by default).",
    )
    .long(&["sample"])
    .optional(Takes::OptionalMillis)
    .apply(|args, given| {
        args.sample_ms = Some(sample_ms(given)?);
        Ok(())
    }),
    PsFlag::new(
        "proc",
        Modifiers,
        "Read processes from this mount of the proc file system instead of /proc, such as \
         a host's /proc mounted in a container. User and terminal names still come from \
         the running system.",
    )
    .long(&["proc"])
    .takes(Takes::Directory, "a directory must follow --proc")
    .apply(|args, given| {
        args.proc_root = given.value.map(std::path::PathBuf::from);
        Ok(())
    }),
    PsFlag::new(
        "color",
        Modifiers,
        "Colour headers, states, high use, own processes.",
    )
    .long(&["color"])
    .common()
    .optional(Takes::OptionalWhen)
    .apply(|args, given| {
        args.color = Some(color(given)?);
        Ok(())
    }),
    PsFlag::new("watch", Modifiers, "Redraw every SECONDS (2); q quits.")
        .long(&["watch"])
        .optional(Takes::OptionalSeconds)
        .common()
        .apply(watch_interval),
    PsFlag::new("count", Modifiers, "Stop after NUM frames of --watch.")
        .long(&["count"])
        .takes(Takes::Number, "number of frames must follow {}")
        .apply(watch_count),
    PsFlag::new("lwp", Threads, "Show threads, with LWP and NLWP columns.")
        .unix(&['L'])
        .common()
        .sets(|args| &mut args.thread_lwp),
    PsFlag::new("spid", Threads, "Show threads, with an SPID column.")
        .unix(&['T'])
        .sets(|args| &mut args.thread_spid),
    PsFlag::new(
        "threads-as-processes",
        Threads,
        "Show threads as if they were processes.",
    )
    .bsd(&['H'])
    .sets(|args| &mut args.threads_as_processes),
    PsFlag::new(
        "threads-after",
        Threads,
        "Show threads after their process.",
    )
    .unix(&['m'])
    .bsd(&['m', 'M'])
    .apply(|args, given| {
        // `M` (the Mac OS X spelling) means threads whatever the
        // personality says of BSD `m`.
        let meaning = match (given.syntax, given.name, given.mode) {
            (Syntax::Unix, ..) => {
                args.unix_threads_after = true;
                return Ok(());
            }
            (_, "M", _) => BsdM::Threads,
            (.., Mode::Standard) => given.personality.bsd_m,
            (.., Mode::AllBsd) => given.personality.bsd_m_when_all_bsd(),
        };
        match meaning {
            BsdM::Threads => args.bsd_threads_after = true,
            BsdM::SortByMemory => push_list(args, "pmem", ListKind::MemorySort),
            BsdM::MemoryFormat => args.bsd_formats.push(BsdFormat::Memory),
        }
        Ok(())
    }),
    PsFlag::new("help", Other, "Print a short help and exit.")
        .long(&["help", "usage"])
        .common()
        .exits(Exit::Help),
    PsFlag::new("version", Other, "Print the version and exit.")
        .unix(&['V'])
        .bsd(&['V'])
        .long(&["version"])
        .exits(Exit::Version),
    PsFlag::new(
        "info",
        Other,
        "Print debugging information (the version) on standard error and exit.",
    )
    .long(&["info"])
    .exits(Exit::Info),
    PsFlag::new(
        "list-specifiers",
        Other,
        "List the format specifiers and exit.",
    )
    .bsd(&['L'])
    .exits(Exit::ListSpecifiers),
    PsFlag::new(
        "dash-x",
        Format,
        "HP-UX: whole command lines; SVR4: like -y.",
    )
    .unix(&['x'])
    .hidden()
    .apply(|args, given| match given.personality.dash_x {
        // An error, so that ps reads the command line again with `x` as BSD.
        DashX::Unsupported => Err(Error::new("error: must set personality to get -x option")),
        DashX::LongCommands => {
            args.wide += 2;
            args.full_command_names = true;
            Ok(())
        }
        DashX::NoFlags => {
            args.sysv.no_flags = true;
            Ok(())
        }
    }),
    PsFlag::new("obsolete-w", Other, "The swap device; gone.")
        .bsd(&['W'])
        .hidden()
        .apply(|_, _| {
            Err(Error::new(
                "error: obsolete W option not supported (you have a /dev/drum?)",
            ))
        }),
];
