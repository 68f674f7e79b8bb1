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
    /// `--generate KIND`: the man page or a completion script on stdout.
    Generate(Generate),
    /// A ps-style listing, as the ways to read its words.
    Ps(Box<PsReadings>),
    /// A subcommand.
    Sub(Command),
    /// A subcommand's `--help` or `--version`, as clap renders it: printed on
    /// stdout by the caller, so that parsing itself prints nothing.
    SubHelp(clap::Error),
}

/// Names of the subcommands, which take precedence over BSD option words.
pub(crate) fn subcommand_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// What `kps --generate` writes: the man page or a shell's completion script,
/// the very text of the files under man/ and completions/.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generate {
    Man,
    Bash,
    Zsh,
    Fish,
    Elvish,
    PowerShell,
}

impl Generate {
    /// Every kind, by the name `--generate` takes.
    pub const ALL: [(&'static str, Generate); 6] = [
        ("man", Generate::Man),
        ("bash", Generate::Bash),
        ("zsh", Generate::Zsh),
        ("fish", Generate::Fish),
        ("elvish", Generate::Elvish),
        ("powershell", Generate::PowerShell),
    ];

    fn named(name: &str) -> Result<Generate> {
        Generate::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, kind)| kind)
            .ok_or_else(|| {
                Error::new(format!(
                    "--generate: no such kind: '{name}' (man, bash, zsh, fish, elvish, powershell)"
                ))
            })
    }
}

/// `kps --generate KIND` or `kps --generate=KIND`, as the whole command line.
/// Only the first word is looked at: procps has no `--generate` and fails on
/// a first word it does not know, so no ps command line changes meaning, and
/// a later `--generate` (`-C --generate` names a command) is ps' to read.
fn generate_request(words: &[OsString]) -> Option<Result<Generate>> {
    let first = words.first()?.to_str()?;
    let value = if first == "--generate" {
        words.get(1).map(|w| w.to_string_lossy().into_owned())
    } else {
        Some(first.strip_prefix("--generate=")?.to_string())
    };
    let expected = words.len() == if first == "--generate" { 2 } else { 1 };
    Some(match value {
        None => Err(Error::new(
            "--generate needs a kind: man, bash, zsh, fish, elvish or powershell",
        )),
        Some(_) if !expected => Err(Error::new(
            "--generate takes one kind and no other option: kps --generate man",
        )),
        Some(name) => Generate::named(&name),
    })
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
    if invoked_as_ps {
        // Under ps' own name every word is ps': `ps help` fails as procps' does.
    } else if first == Some(HELP) {
        return help_for(&argv);
    } else if let Some(name) =
        first.filter(|word| subcommand_names().iter().any(|name| name == word))
    {
        // `kps tree help`: the command's help, as `kps help tree` (a process
        // named help is still found with `--match help`).
        if argv.len() == 3 && argv[2] == HELP {
            return subcommand_help(&argv[0], name);
        }
        return match Cli::try_parse_from(&argv) {
            Ok(cli) => Ok(Invocation::Sub(cli.command)),
            Err(e) if is_help(&e) => Ok(Invocation::SubHelp(e)),
            Err(e) => Err(clap_error(e, name)),
        };
    }
    let words = argv.get(1..).unwrap_or_default();
    if !invoked_as_ps && let Some(request) = generate_request(words) {
        return request.map(Invocation::Generate);
    }
    let read = ps_syntax::read(words, personality);
    let read = read.map_err(|e| match watch_interval_apart(words) {
        Some(seconds) if !invoked_as_ps => {
            e.with_hint(&format!("an interval is written --watch={seconds}"))
        }
        _ => e,
    })?;
    Ok(match read {
        PsCommandLine::Readings(readings) => Invocation::Ps(readings),
        PsCommandLine::Exit(Exit::Help) => Invocation::Help,
        PsCommandLine::Exit(Exit::Version) => Invocation::Version,
        PsCommandLine::Exit(Exit::Info) => Invocation::Info,
        PsCommandLine::Exit(Exit::ListSpecifiers) => Invocation::ListSpecifiers,
    })
}

/// The seconds after a `--watch` written apart from it (`--watch 1`), which
/// ps syntax reads as a process ID; a failure it leads to says so.
fn watch_interval_apart(words: &[OsString]) -> Option<&str> {
    words.windows(2).find_map(|pair| {
        let seconds = pair[1].to_str()?;
        (pair[0] == "--watch" && watch_args::parse_interval(seconds).is_ok()).then_some(seconds)
    })
}

/// The word that asks for help as a command: `kps help [COMMAND]`.
const HELP: &str = "help";

/// `kps help`: kps' help; `kps help COMMAND`: that command's.
fn help_for(argv: &[OsString]) -> Result<Invocation> {
    let program = argv.first().cloned().unwrap_or_else(|| "kps".into());
    let topics = argv.get(2..).unwrap_or_default();
    let Some(topic) = topics.first() else {
        return Ok(Invocation::Help);
    };
    let names = subcommand_names();
    match names.iter().find(|name| topic == name.as_str()) {
        Some(name) if topics.len() == 1 => subcommand_help(&program, name),
        Some(_) => Err(Error::new(format!(
            "error: kps help takes one command: '{}'",
            topics[1].to_string_lossy()
        ))),
        None => Err(Error::new(format!(
            "error: no such command: '{}' (commands: {})",
            topic.to_string_lossy(),
            names.join(", ")
        ))),
    }
}

/// What `kps COMMAND --help` prints, on stdout, exit status 0.
fn subcommand_help(program: &OsString, name: &str) -> Result<Invocation> {
    let argv = [program.clone(), name.into(), "--help".into()];
    match Cli::try_parse_from(argv) {
        Ok(cli) => Ok(Invocation::Sub(cli.command)),
        Err(e) if is_help(&e) => Ok(Invocation::SubHelp(e)),
        Err(e) => Err(clap_error(e, name)),
    }
}

/// clap's help and version, which are no failure: the caller prints them.
fn is_help(e: &clap::Error) -> bool {
    use clap::error::ErrorKind;
    matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
}

/// clap's errors become one line in ps' words, `error: WHAT: 'WORD'`, naming the word at fault.
fn clap_error(e: clap::Error, subcommand: &str) -> Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let string = |kind| match e.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        _ => String::new(),
    };
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::Strings(texts)) => texts.clone(),
        Some(ContextValue::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    };
    let message = match e.kind() {
        ErrorKind::ValueValidation => {
            let word = string(ContextKind::InvalidValue);
            let why = std::error::Error::source(&e).map_or_else(
                || {
                    format!(
                        "invalid {}",
                        argument_name(&string(ContextKind::InvalidArg))
                    )
                },
                ToString::to_string,
            );
            // kps' own parsers quote the word (or the part of it at
            // fault) themselves; clap's do not.
            if why.contains('\'') {
                format!("error: {why}")
            } else {
                format!("error: {why}: '{word}'")
            }
        }
        ErrorKind::InvalidValue => {
            let name = argument_name(&string(ContextKind::InvalidArg));
            let word = string(ContextKind::InvalidValue);
            let valid = one_of(&strings(ContextKind::ValidValue));
            if word.is_empty() && valid.is_empty() {
                format!("error: {name} needs a value")
            } else if word.is_empty() {
                format!("error: {name} needs a value: {valid}")
            } else {
                format!("error: {name} takes {valid}: '{word}'")
            }
        }
        ErrorKind::UnknownArgument => {
            let word = string(ContextKind::InvalidArg);
            let takes_pids = subcommand != "who";
            let mut message = if takes_pids && word.parse::<i64>().is_ok() {
                // `kps show -1`: a PID, not an option, as `ps -p -1` sees it.
                format!("error: process ID out of range: '{word}'")
            } else if word.starts_with('-') {
                format!("error: kps {subcommand} has no option '{word}'")
            } else {
                format!("error: unexpected argument '{word}'")
            };
            let suggested = string(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                message.push_str(&format!(" (did you mean '{suggested}'?)"));
            }
            message
        }
        ErrorKind::MissingRequiredArgument => {
            let names: Vec<String> = strings(ContextKind::InvalidArg)
                .iter()
                .map(|name| argument_name(name))
                .collect();
            format!("error: kps {subcommand} needs a {}", names.join(" and a "))
        }
        _ => {
            // Any other: clap's message without its usage block and hints,
            // the lines that name what is wrong joined to it.
            let rendered = e.render().to_string();
            let lines: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.starts_with("Usage:"))
                .map(str::trim)
                .filter(|line| {
                    !line.is_empty()
                        && !line.starts_with("tip:")
                        && !line.starts_with("For more information")
                })
                .collect();
            lines.join(" ")
        }
    };
    Error::new(message)
}

/// How an argument is named in a message: `--color <WHEN>` as `--color`,
/// `<PID>...` as `PID`.
fn argument_name(usage: &str) -> String {
    let name = usage
        .split([' ', '[', '='])
        .next()
        .unwrap_or(usage)
        .trim_end_matches("...");
    name.trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// `auto, always or never`.
fn one_of(values: &[String]) -> String {
    match values.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
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
    fn generate_is_the_whole_command_line() {
        assert!(matches!(
            invocation("--generate man"),
            Ok(Invocation::Generate(Generate::Man))
        ));
        assert!(matches!(
            invocation("--generate=powershell"),
            Ok(Invocation::Generate(Generate::PowerShell))
        ));
        assert!(invocation("--generate").is_err());
        assert!(invocation("--generate ksh").is_err());
        assert!(invocation("--generate man -e").is_err());
        // Anywhere else it is ps' word: `-C NAME` takes it as a command name.
        assert!(matches!(invocation("-C --generate"), Ok(Invocation::Ps(_))));
    }

    #[test]
    fn subcommands_go_to_clap() {
        assert!(matches!(
            invocation("tree"),
            Ok(Invocation::Sub(Command::Tree(_)))
        ));
        assert!(invocation("tree --bogus").is_err());
    }

    fn error_of(line: &str) -> String {
        match invocation(line) {
            Err(e) => e.message().to_string(),
            Ok(other) => panic!("{line}: not an error: {other:?}"),
        }
    }

    #[test]
    fn clap_errors_are_one_line_naming_the_word() {
        assert_eq!(
            error_of("env abc"),
            "error: process ID list syntax error: 'abc'"
        );
        assert_eq!(error_of("show 0"), "error: process ID out of range: '0'");
        assert_eq!(error_of("fds -5"), "error: process ID out of range: '-5'");
        assert_eq!(
            error_of("show --color=blah 1"),
            "error: --color takes auto, always or never: 'blah'"
        );
        assert_eq!(
            error_of("tree --colr=never"),
            "error: kps tree has no option '--colr' (did you mean '--color'?)"
        );
        assert_eq!(error_of("fds"), "error: kps fds needs a PID");
        assert_eq!(
            error_of("show --count=x 1"),
            "error: --count takes a number of frames from 1: 'x'"
        );
    }

    #[test]
    fn help_is_a_command_under_kps_only() {
        assert!(matches!(invocation("help"), Ok(Invocation::Help)));
        // A command's help is printed by the caller, not by parsing.
        assert!(matches!(
            invocation("help tree"),
            Ok(Invocation::SubHelp(_))
        ));
        assert!(matches!(
            invocation("tree help"),
            Ok(Invocation::SubHelp(_))
        ));
        assert!(invocation("help bogus").is_err());
        let as_ps = parse(
            vec![OsString::from("/bin/ps"), OsString::from("help")],
            &Personality::default(),
        );
        assert!(as_ps.is_err_and(|e| !e.is_quiet_success()));
    }
}
