//! The command line: subcommands through clap, everything else as ps options.
//!
//! `parse` ends before any work is done: in help, the version, the list of
//! format specifiers, a subcommand, or the readings of a ps command line
//! that the ps module then resolves.

pub mod inspect_args;
pub(crate) mod lists;
pub(crate) mod personality;
pub(crate) mod ps_args;
pub(crate) mod ps_flags;
pub(crate) mod ps_help;
pub(crate) mod ps_syntax;
pub mod tree_args;
pub mod watch_args;
pub mod who_args;

use std::ffi::OsString;

use clap::{CommandFactory, Parser, Subcommand};

use personality::Personality;
use ps_flags::Exit;
use ps_syntax::{PsCommandLine, PsReadings};

use crate::error::{Error, Result};

/// kps — a process inspector for Linux.
///
/// Without a subcommand, kps takes ps' options in all three syntaxes
/// (`kps aux`, `kps -ef`, `kps -eo pid,comm --sort=-rss`) and prints what procps
/// ps prints. The subcommands below add views ps does not have.
#[derive(Debug, Parser)]
#[command(name = "kps", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Tree(tree_args::TreeArgs),
    Show(inspect_args::ShowArgs),
    Fds(inspect_args::FdsArgs),
    Env(inspect_args::EnvArgs),
    Who(who_args::WhoArgs),
}

/// What the words on the command line ask for.
#[derive(Debug)]
pub(crate) enum Invocation {
    /// `--help`: kps' help on stdout.
    Help,
    /// `-V`, `V`, `--version`: the version on stdout.
    Version,
    /// `--info`: the version on stderr (ps' debugging information).
    Info,
    /// BSD `L`: the format specifiers.
    ListSpecifiers,
    /// A ps-style listing, as the ways to read its words.
    Ps(Box<PsReadings>),
    /// A subcommand.
    Sub(Command),
}

/// Names of the subcommands, which take precedence over BSD option words.
pub(crate) fn subcommand_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// The name under which kps is ps itself: no subcommands, every word is
/// ps' (`ps env 1` is BSD `e n v` for PID 1).
const PS_NAME: &str = "ps";

/// Parses the whole argv (program name first); ps options are read under
/// `personality` (`PS_PERSONALITY`). Invoked as `kps`, a first word that
/// names a subcommand is one; invoked as `ps` (a link of that name), there
/// are none.
pub(crate) fn parse(argv: Vec<OsString>, personality: &Personality) -> Result<Invocation> {
    let invoked_as_ps = argv
        .first()
        .and_then(|program| std::path::Path::new(program).file_name())
        .is_some_and(|name| name == PS_NAME);
    let first = argv.get(1).and_then(|w| w.to_str());
    let names_subcommand =
        first.is_some_and(|word| subcommand_names().iter().any(|name| name == word));
    if names_subcommand && !invoked_as_ps {
        return match Cli::try_parse_from(&argv) {
            Ok(cli) => Ok(Invocation::Sub(cli.command)),
            Err(e) => Err(clap_error(e)),
        };
    }
    let words = argv.get(1..).unwrap_or_default();
    Ok(match ps_syntax::read(words, personality)? {
        PsCommandLine::Readings(readings) => Invocation::Ps(readings),
        PsCommandLine::Exit(Exit::Help) => Invocation::Help,
        PsCommandLine::Exit(Exit::Version) => Invocation::Version,
        PsCommandLine::Exit(Exit::Info) => Invocation::Info,
        PsCommandLine::Exit(Exit::ListSpecifiers) => Invocation::ListSpecifiers,
    })
}

/// clap's help and version go to stdout and succeed; its errors become one line.
fn clap_error(e: clap::Error) -> Error {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            Error::exit_success()
        }
        _ => {
            // One line: clap's message without its usage block, the lines that
            // name what is missing joined to it.
            let rendered = e.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.starts_with("Usage:"))
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with("tip:"))
                .collect();
            Error::new(message.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(line: &str) -> Result<Invocation> {
        let argv = std::iter::once("kps")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect();
        parse(argv, &Personality::default())
    }

    #[test]
    fn options_that_end_ps_end_the_parse() {
        assert!(matches!(invocation("--help"), Ok(Invocation::Help)));
        // Met before anything wrong, help wins, as in procps.
        assert!(matches!(
            invocation("-o bogus --help"),
            Ok(Invocation::Help)
        ));
        assert!(matches!(invocation("L"), Ok(Invocation::ListSpecifiers)));
        assert!(matches!(invocation("-V"), Ok(Invocation::Version)));
        assert!(matches!(invocation("--info"), Ok(Invocation::Info)));
        assert!(invocation("--bogus --help").is_err());
        assert!(invocation("L -e").is_err());
    }

    #[test]
    fn a_ps_command_line_comes_with_its_second_reading() {
        let Ok(Invocation::Ps(readings)) = invocation("-o pid -f") else {
            panic!("not a listing");
        };
        assert!(readings.first.is_ok_and(|args| args.sysv.full));
        assert!(readings.second.is_some_and(|args| args.forest.is_some()));
        // A first reading that fails to parse leaves only the second.
        let Ok(Invocation::Ps(readings)) = invocation("-x") else {
            panic!("not a listing");
        };
        assert!(readings.first.is_err());
        assert!(readings.second.is_some_and(|args| args.bsd_no_tty));
    }

    #[test]
    fn invoked_as_ps_every_word_is_ps() {
        let as_ps = |line: &str| {
            let argv = std::iter::once("/usr/local/bin/ps")
                .chain(line.split_whitespace())
                .map(OsString::from)
                .collect();
            parse(argv, &Personality::default())
        };
        let Ok(Invocation::Ps(readings)) = as_ps("env 1") else {
            panic!("not a listing");
        };
        let args = readings.first.unwrap();
        assert!(args.show_environment && args.numeric);
        assert_eq!(args.pids, [1]);
        assert!(as_ps("tree").is_err());
    }

    #[test]
    fn subcommands_go_to_clap() {
        assert!(matches!(
            invocation("tree"),
            Ok(Invocation::Sub(Command::Tree(_)))
        ));
        assert!(invocation("tree --bogus").is_err());
    }
}
