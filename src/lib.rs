//! kps: a process inspector for Linux.
//!
//! Data flows one way: argv → `cli` (parsed arguments) → `ps` (a query,
//! resolved with the facts of the system) → `proc` (a snapshot) → `views` →
//! `render`. `main.rs` only calls [`run`].
//!
//! The library surface is what the binary, the tests and the generators use:
//!
//! - [`run`]: kps itself, argv in, exit status out.
//! - [`cli::Cli`]: the clap definition of the subcommands and their
//!   arguments.
//! - [`columns`]: the format specifier table ([`columns::SPECS`]).
//! - [`docs`]: the man page and shell completions, generated from the same
//!   definitions that parse the command line ([`docs::generated_files`]).
//! - [`render`]: escaping, colour, JSON and time formats.
//!
//! Everything else is private to the crate.

pub mod cli;
pub mod columns;
pub mod docs;
mod error;
mod privileges;
mod proc;
#[cfg(test)]
mod proptests;
mod ps;
pub mod render;
mod views;

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use cli::{Command, Invocation};
use error::Result;
use proc::root::ProcRoot;

/// Runs kps with the given argv and returns its exit status: 0 on success,
/// 1 on any error or when a selection matched nothing (as ps). A kps
/// installed setuid, setgid or with file capabilities first becomes its
/// caller again, so it never shows what the caller could not read.
pub fn run(argv: Vec<OsString>) -> ExitCode {
    let started = privileges::drop_to_caller().and_then(|()| {
        render::escape::init_locale();
        run_inner(argv)
    });
    match started {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if e.is_quiet_success() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote argv and process data: escape them like any output.
            let message = render::escape::escaped(e.message().as_bytes());
            let _ = writeln!(io::stderr().lock(), "kps: {message}");
            ExitCode::from(1)
        }
    }
}

fn run_inner(argv: Vec<OsString>) -> Result<bool> {
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout);
    let personality = cli::personality::Personality::from_env();
    let invocation = cli::parse(argv, &personality)?;
    if matches!(
        invocation,
        Invocation::Help | Invocation::Version | Invocation::Info | Invocation::ListSpecifiers
    ) {
        let facts = ps::SystemFacts::gather(personality);
        if let Some(warning) = ps::bogus_screen_warning(&facts) {
            eprintln!("{warning}");
        }
    }
    let ok = match invocation {
        Invocation::Help => {
            cli::ps_help::print_help(&mut out)?;
            true
        }
        Invocation::Version => {
            writeln!(out, "kps {}", env!("CARGO_PKG_VERSION"))?;
            true
        }
        Invocation::Info => {
            // ps --info writes its debugging information to stderr only.
            eprintln!("kps {}", env!("CARGO_PKG_VERSION"));
            true
        }
        Invocation::Generate(kind) => {
            out.write_all(&docs::generate(kind)?)?;
            true
        }
        Invocation::ListSpecifiers => {
            columns::write_spec_list(&mut out)?;
            true
        }
        Invocation::Ps(readings) => {
            let facts = ps::SystemFacts::gather(personality);
            let mut warnings = Vec::new();
            let query = ps::resolve(readings, &facts, &mut warnings);
            for warning in warnings {
                eprintln!("{}", render::escape::escaped(warning.as_bytes()));
            }
            let query = query?;
            match query.watch {
                Some(watch) => {
                    let json = query.json;
                    let root = query.proc_root.clone();
                    // Marks of kps' own, as --match's: on unless NO_COLOR or
                    // --color=never.
                    let painter = render::color::Painter::new(query.highlight);
                    let mut source = views::watch::ListingSource::new(query);
                    views::watch::run(&mut source, watch, json, &root, painter, &mut out)?
                }
                None => views::listing::run(&query, &mut out)?,
            }
        }
        Invocation::SubHelp(help) => {
            // clap colours it on a terminal, as it would have printed it itself.
            help.print()?;
            true
        }
        Invocation::Sub(command) => match command {
            Command::Tree(args) => run_view(
                args.watch.watch(),
                args.json,
                &ProcRoot::new(&args.proc_root),
                render::color::Painter::for_stdout(args.color),
                &mut out,
                |mut out| views::tree::run(&args, &mut out),
            )?,
            Command::Show(args) => {
                let mut earlier = views::show::Earlier::default();
                run_view(
                    args.watch.watch(),
                    args.json,
                    &ProcRoot::new(&args.target.proc_root),
                    render::color::Painter::for_stdout(args.target.color),
                    &mut out,
                    |mut out| views::show::run(&args, &mut earlier, &mut out),
                )?
            }
            Command::Fds(args) => views::fds::run(&args, &mut out)?,
            Command::Env(args) => views::env::run(&args, &mut out)?,
            Command::Who(args) => views::who::run(&args, &mut out)?,
        },
    };
    out.flush()?;
    Ok(ok)
}

/// A view printed once, or redrawn each interval under `--watch`.
fn run_view(
    watch: Option<cli::watch_args::Watch>,
    json: bool,
    root: &ProcRoot,
    painter: render::color::Painter,
    out: &mut impl Write,
    mut view: impl FnMut(&mut dyn Write) -> Result<bool>,
) -> Result<bool> {
    match watch {
        Some(watch) => {
            let mut source = views::watch::Redraw(|text: &mut Vec<u8>| view(text));
            views::watch::run(&mut source, watch, json, root, painter, out)
        }
        None => view(out),
    }
}
