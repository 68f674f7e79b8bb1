//! The command line: subcommands through clap, everything else as ps options.

pub mod inspect_args;
pub mod lists;
pub mod personality;
pub mod ps_args;
pub mod ps_flags;
pub mod tree_args;

use std::ffi::OsString;

use clap::{CommandFactory, Parser, Subcommand};

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
}

/// What the words on the command line ask for.
#[derive(Debug)]
pub enum Invocation {
    /// A ps-style listing, given as its words.
    Ps(Vec<OsString>),
    /// A subcommand.
    Sub(Command),
}

/// Names of the subcommands, which take precedence over BSD option words.
pub fn subcommand_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Parses the whole argv (program name first).
pub fn parse(argv: Vec<OsString>) -> Result<Invocation> {
    let first = argv.get(1).and_then(|w| w.to_str());
    if first.is_some_and(|word| subcommand_names().iter().any(|name| name == word)) {
        return match Cli::try_parse_from(&argv) {
            Ok(cli) => Ok(Invocation::Sub(cli.command)),
            Err(e) => Err(clap_error(e)),
        };
    }
    Ok(Invocation::Ps(argv.get(1..).unwrap_or_default().to_vec()))
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
