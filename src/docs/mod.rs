//! The man page and the shell completions, generated from the clap [`Command`]
//! that describes the whole command line (built from the table of ps options).
//!
//! The committed files under man/ and completions/ are this module's output;
//! tests/generated.rs checks that they are current and rewrites them with
//! `KPS_REGENERATE=1 cargo test --test integration generated`.

mod containers;

use std::io::{self, Write};

use clap::Command;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::{Generate, ps_help};
use crate::columns;

mod compat;
mod completions;
mod examples;

use completions::Shell;
pub use completions::completion;
use examples::examples;
pub use examples::{EXAMPLES, Example, applicable_examples};

/// Every generated file: its path in the repository and its content, as
/// `kps --generate` prints it.
pub fn generated_files() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    Ok(vec![
        ("man/kps.1", generate(Generate::Man)?),
        ("completions/kps.bash", generate(Generate::Bash)?),
        ("completions/_kps", generate(Generate::Zsh)?),
        ("completions/kps.fish", generate(Generate::Fish)?),
    ])
}

/// What `kps --generate KIND` writes: the man page or a completion script.
pub fn generate(kind: Generate) -> io::Result<Vec<u8>> {
    Ok(match kind {
        Generate::Man => man_page()?,
        Generate::Bash => completion(Shell::Bash),
        Generate::Zsh => completion(Shell::Zsh),
        Generate::Fish => completion(Shell::Fish),
        Generate::Elvish => completion(Shell::Elvish),
        Generate::PowerShell => completion(Shell::PowerShell),
    })
}

fn documented_command() -> Command {
    finish(ps_help::command())
}

fn finish(cmd: Command) -> Command {
    let mut cmd = cmd
        .about("a process inspector for Linux: ps, pstree and one process in full")
        .override_usage("kps [OPTION]...\nkps COMMAND [ARG]...");
    cmd.build();
    cmd
}

const DESCRIPTION: &str = "\
kps lists processes as procps ps(1) does: the same options, in the same three \
syntaxes, the same columns and the same values, so that scripts written for ps \
keep working with kps (see COMPATIBILITY).

Listings can also be printed as JSON (--json), and %CPU can be measured over an \
interval (--sample) instead of over each process' life.";

const COMMANDS_NOTE: &str = "\
A first word that names one of the COMMANDS below starts that command instead: \
views ps does not have.";

/// kps(1): clap_mangen's sections for the options and the parts clap cannot
/// know about (the ps syntaxes, specifiers, JSON, examples, exit status).
pub fn man_page() -> io::Result<Vec<u8>> {
    let cmd = documented_command();
    let has_commands = visible_subcommands(&cmd).next().is_some();
    let description = if has_commands {
        format!("{DESCRIPTION}\n\n{COMMANDS_NOTE}")
    } else {
        DESCRIPTION.to_string()
    };
    let man = Man::new(cmd.clone().long_about(description))
        .source(format!("kps {}", env!("CARGO_PKG_VERSION")));
    let mut page = Page::default();
    page.add(|w| man.render_title(w))?;
    page.add(|w| man.render_name_section(w))?;
    page.add(|w| man.render_synopsis_section(w))?;
    page.add(|w| man.render_description_section(w))?;
    page.roff(&option_syntax())?;
    page.add(|w| man.render_options_section(w))?;
    if has_commands {
        page.roff(&commands_heading())?;
        for sub in visible_subcommands(&cmd) {
            page.subcommand(sub)?;
        }
    }
    page.roff(&format_specifiers())?;
    page.roff(&containers::section())?;
    page.roff(&json_output())?;
    page.roff(&csv_output())?;
    page.roff(&examples(&cmd))?;
    page.roff(&colour())?;
    page.roff(&exit_status())?;
    page.roff(&environment())?;
    page.roff(&compat::compatibility())?;
    page.roff(&completions::man_section())?;
    page.roff(&see_also())?;
    page.add(|w| man.render_version_section(w))?;
    Ok(page.bytes)
}

fn visible_subcommands(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|sub| !sub.is_hide_set())
}

/// A man page put together from separately rendered sections.
#[derive(Default)]
struct Page {
    bytes: Vec<u8>,
}

impl Page {
    /// Appends a rendered section, without the preamble every roff rendering
    /// starts with after the first.
    fn add(&mut self, render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<()> {
        let mut section = Vec::new();
        render(&mut section)?;
        let preamble = Roff::new().render();
        let body = match section.strip_prefix(preamble.as_bytes()) {
            Some(body) if !self.bytes.is_empty() => body,
            _ => &section,
        };
        self.bytes.extend_from_slice(body);
        Ok(())
    }

    fn roff(&mut self, roff: &Roff) -> io::Result<()> {
        self.add(|w| roff.to_writer(w))
    }

    /// One subcommand as a subsection: its synopsis, description and options,
    /// as clap_mangen renders them, with their headings turned into labels.
    fn subcommand(&mut self, sub: &Command) -> io::Result<()> {
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        let mut heading = Roff::new();
        heading.control("SS", [name]);
        self.roff(&heading)?;
        let man = Man::new(sub.clone());
        let mut rendered = Vec::new();
        man.render_synopsis_section(&mut rendered)?;
        man.render_description_section(&mut rendered)?;
        man.render_options_section(&mut rendered)?;
        let text = String::from_utf8_lossy(&rendered);
        let mut out = String::new();
        for line in text.lines() {
            match line.strip_prefix(".SH ") {
                Some("SYNOPSIS" | "DESCRIPTION") => out.push_str(".PP\n"),
                Some(label) => {
                    out.push_str(".PP\n.B ");
                    out.push_str(label);
                    out.push('\n');
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        self.add(|w| w.write_all(out.as_bytes()))
    }
}

fn section(title: &str) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", [title]);
    roff
}

fn paragraph(roff: &mut Roff, text: &str) {
    roff.control("PP", []);
    roff.text([roman(text)]);
}

/// Indented paragraphs, each under its name in bold: the man page's lists of
/// statuses, variables, specifiers and the like.
fn terms<'a>(roff: &mut Roff, items: impl IntoIterator<Item = (&'a str, &'a str)>) {
    for (name, text) in items {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }
}

fn option_syntax() -> Roff {
    let mut roff = section("OPTION SYNTAX");
    roff.text([roman(
        "Without a command, kps takes the options of ps in its three syntaxes, mixed freely:",
    )]);
    let syntaxes = [
        (
            "UNIX options",
            "-ef",
            "follow a dash and may be grouped. An option that takes a value takes the rest \
             of the group or, if nothing is left, the next word: -p1, -p 1, -eo pid,comm.",
        ),
        (
            "BSD options",
            "aux",
            "have no dash and may be grouped, with values taken the same way: axo pid,comm. \
             A word of digits and commas is a list of process IDs (kps 1234); -123 is a list \
             of process groups and +123 one of sessions. Such a list takes every word after \
             it too. Digits after BSD letters are a list of process IDs that ends the word: \
             kps u1,2.",
        ),
        (
            "GNU long options",
            "--sort=-rss",
            "follow two dashes and take their value after = or as the next word.",
        ),
    ];
    for (name, example, text) in syntaxes {
        roff.control("TP", []);
        roff.text([bold(name), roman(" ("), bold(example), roman(")")]);
        roff.text([roman(text)]);
    }
    paragraph(
        &mut roff,
        "The same letter may mean different things with and without a dash: -u selects by \
         user, u chooses the user-oriented format. Lists (PIDLIST, USERLIST and the like) \
         are separated by commas or blanks inside one word. BSD options without a or x \
         select only your own processes that have a terminal; UNIX options select your \
         processes on this terminal unless told otherwise, as ps does.",
    );
    paragraph(
        &mut roff,
        "Run under the name ps (a link named ps to kps), kps has no commands: every word \
         is an option of ps, so ps env 1 is BSD e, n and v for PID 1, as in procps.",
    );
    paragraph(
        &mut roff,
        "A command line that cannot be read this way is read once more with every dash \
         cluster taken as BSD letters, as ps does: kps -h is kps h, and kps -o pid -f \
         is kps o pid f. The first reading's error is reported if both fail.",
    );
    roff
}

fn commands_heading() -> Roff {
    let mut roff = section("COMMANDS");
    roff.text([roman(
        "Each command has its own options; kps help COMMAND (or kps COMMAND --help, or \
         kps COMMAND help) prints them, and kps help prints the short help. A mistake in \
         a command's arguments is one line on standard error naming the word at fault, \
         in the words ps uses for the same mistake (error: process ID out of range: '0'), \
         and exit status 1.",
    )]);
    roff
}

fn format_specifiers() -> Roff {
    let mut roff = section("FORMAT SPECIFIERS");
    roff.text([
        bold("-o"),
        roman(", "),
        bold("o"),
        roman(", "),
        bold("--format"),
        roman(" and "),
        bold("-O"),
        roman(
            " take a list of format specifiers separated by commas or blanks. Each item is a \
             name, optionally followed by ",
        ),
        italic(":WIDTH"),
        roman(" to set the column's width, then by "),
        italic("=HEADER"),
        roman(" to rename its header (up to the next comma or blank). Names are case-sensitive."),
    ]);
    roff.control("PP", []);
    roff.text([
        bold("--sort"),
        roman(" and "),
        bold("k"),
        roman(" take specifiers too, each prefixed by "),
        bold("+"),
        roman(" (ascending, the default) or "),
        bold("-"),
        roman(" (descending): --sort=-rss,pid."),
    ]);
    paragraph(&mut roff, "The specifiers kps knows, each with its header:");
    roff.control("PP", []);
    roff.control("nf", []);
    for line in specifier_lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff
}

/// The specifiers and their headers, three to a line: 80 columns with the
/// man page's indent.
fn specifier_lines() -> Vec<String> {
    let cells: Vec<String> = columns::SPECS
        .iter()
        .map(|spec| format!("{:<12} {}", spec.name, spec.header))
        .collect();
    cells
        .chunks(3)
        .map(|chunk| {
            let line: String = chunk.iter().map(|cell| format!("{cell:<23} ")).collect();
            line.trim_end().to_string()
        })
        .collect()
}

/// Every JSON key and the specifiers that have it, one key to a line, in
/// the order of the keys.
fn key_lines() -> Vec<String> {
    let mut keys: Vec<(&str, Vec<&str>)> = Vec::new();
    for spec in columns::SPECS {
        match keys.iter_mut().find(|(key, _)| *key == spec.key) {
            Some((_, names)) => names.push(spec.name),
            None => keys.push((spec.key, vec![spec.name])),
        }
    }
    keys.sort_by_key(|(key, _)| *key);
    keys.into_iter()
        .map(|(key, names)| format!("{key:<12} {}", names.join(" ")))
        .collect()
}

fn json_output() -> Roff {
    let mut roff = section("JSON OUTPUT");
    roff.text([
        bold("--json"),
        roman(
            " prints the same selection as JSON, for jq and other programs. A listing is an \
             array with one object per process (or thread), with a key for each selected \
             column: kps -o pid,rss,comm --json prints objects with the keys pid, rss and \
             comm. A key is an identifier jq can address (.pcpu, where the specifier is \
             %cpu), says what the value is, and is the same for every alias of a specifier: \
             -o uid_hack, -o euser and -o user all give user. Where two columns of one list \
             have the same key (-o time,bsdtime), the second is time_2, the third time_3. \
             --csv has the same keys in its header row.",
        ),
    ]);
    paragraph(
        &mut roff,
        "The keys, each with the specifiers it stands for:",
    );
    roff.control("PP", []);
    roff.control("nf", []);
    for line in key_lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    paragraph(
        &mut roff,
        "Numbers are JSON numbers: memory in KiB, times in seconds, percentages as numbers \
         (12.5, not \"12.5\"). Strings are the raw text, not escaped for a terminal. A value \
         that could not be read is null.",
    );
    paragraph(
        &mut roff,
        "The tree is nested: each process object has a children array of the same \
         objects, and with --totals a totals object with its subtree's sums; a listing with \
         --forest (f, -H) nests its rows in the same way, children of init included. The \
         one-process views (show, fds, env) print one array too, with an object per process \
         that could be read, for one PID as for several, with the same names as their text \
         output. So every --json output is one JSON document (python3 -m json.tool reads \
         it); --watch prints one per line (JSON lines, which jq and jq -s read).",
    );
    roff
}

fn csv_output() -> Roff {
    let mut roff = section("CSV OUTPUT");
    roff.text([
        bold("--csv"),
        roman(
            " prints a listing (or kps who's table) as CSV, for spreadsheets: a header row \
             of the JSON keys (see JSON OUTPUT), then one row per process (per process and \
             use for who). Fields are quoted as RFC 4180 says: a field with a comma, a double \
             quote or a line break is put in double quotes, its double quotes doubled. Lines \
             end in a line feed.",
        ),
    ]);
    paragraph(
        &mut roff,
        "Values are the JSON values: numbers as numbers (memory in KiB, times in seconds), \
         an empty field for null. Text is escaped as in the table (a control character is ?; \
         a command column is the whole text ps prints, a newline in argv a blank), \
         so a command line cannot put a raw control byte, or a line break, into the file. \
         The header prints even with no row; with --forest the rows come in forest order, \
         without art. --csv takes neither --json nor --watch.",
    );
    roff
}

fn colour() -> Roff {
    let mut roff = section("COLOUR");
    paragraph(
        &mut roff,
        "Every view colours alike: headers and titles bold; state R green; D, Z and X \
         red; T and t yellow; %CPU of 50 or more and %MEM of 10 or more bold magenta; \
         the user of the caller's own processes cyan; (permission denied) dim; what \
         --match found bold red. A tree without -o colours the process name by its \
         state. fds and who colour pipes yellow, sockets magenta, deleted files red and \
         the process at the other end blue.",
    );
    paragraph(
        &mut roff,
        "The commands colour when their output is a terminal (--color=auto). Listings \
         are plain unless --color is given, as ps' are, so that scripts built on ps \
         output meet no escape sequences. NO_COLOR and --color=never turn colour off \
         everywhere; colour never moves a column.",
    );
    roff
}

fn exit_status() -> Roff {
    let mut roff = section("EXIT STATUS");
    let statuses = [
        ("0", "Success."),
        (
            "1",
            "Any error, and a selection that matched no process (as with ps, the header is \
             still printed). For show, fds and env: a PID that printed nothing, with a line \
             on standard error saying why (gone, a thread of another process, a kernel \
             thread, a zombie, an empty environment).",
        ),
    ];
    terms(&mut roff, statuses);
    roff
}

fn environment() -> Roff {
    let mut roff = section("ENVIRONMENT");
    let variables = [
        (
            "PS_FORMAT",
            "The format list used when no format option is given. A list kps cannot read is \
             ignored with a warning. Like any format list, it may name one of procps' formats: \
             DefBSD and DefSysV are ps' BSD and System V defaults.",
        ),
        (
            "PS_PERSONALITY",
            "Imitate another ps, as procps does: 390, aix, bsd, compaq, debian, default, \
             digital, gnu, hp, hpux, irix, linux, old, os390, posix, s390, sco, sgi, \
             solaris2, sunos4, svr4, sysv, tru64, unix, unix95, unix98, unknown (any case). \
             bsd and old read every option as BSD syntax; bsd, aix, sunos4 and digital \
             change the j, l, u and v formats; debian, digital and 390 the -f, -j or -l \
             ones; linux shows USER in -f and P instead of ADDR in -l; hp reads -x as whole \
             command lines and sysv as -y. Other names behave as the default. CMD_ENV is \
             read when PS_PERSONALITY is empty or unset; I_WANT_A_BROKEN_PS means old.",
        ),
        (
            "COLUMNS",
            "The width lines are cut at, instead of the terminal's. Without it and without \
             --cols, output to a pipe or a file is not cut.",
        ),
        ("LINES", "Rows per screen, for --headers."),
        (
            "LIBPROC_HIDE_KERNEL",
            "If set, to anything, kernel threads (kthreadd and its children) are left out, \
             as procps' library leaves them out.",
        ),
        (
            "NO_COLOR",
            "If set and not empty, kps prints no colour (no --match highlighting, no style \
             on the --watch status line either) unless --color=always is given.",
        ),
    ];
    terms(&mut roff, variables);
    roff
}

fn see_also() -> Roff {
    let mut roff = section("SEE ALSO");
    roff.text([roman("ps(1), pstree(1), lsof(8), proc(5)")]);
    roff
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;
    use crate::cli::{self, Invocation};
    use crate::ps;

    #[test]
    fn examples_parse_and_resolve() {
        let cmd = documented_command();
        for example in applicable_examples(&cmd) {
            let argv: Vec<OsString> = example
                .argv
                .iter()
                .map(|word| OsString::from(if *word == "$$" { "1" } else { word }))
                .collect();
            match cli::parse(argv, &Default::default()) {
                Ok(Invocation::Ps(readings)) => {
                    let facts = ps::SystemFacts::default();
                    if let Err(e) = ps::resolve(readings, &facts, &mut Vec::new()) {
                        panic!("{:?}: {}", example.argv, e.message());
                    }
                }
                Ok(_) => {}
                Err(e) => panic!("{:?}: {}", example.argv, e.message()),
            }
        }
    }

    #[test]
    fn every_json_key_is_listed_with_its_specifiers() {
        let lines = key_lines();
        for spec in columns::SPECS {
            let line = lines
                .iter()
                .find(|line| line.split_whitespace().next() == Some(spec.key))
                .expect("a line per key");
            assert!(
                line.split_whitespace().skip(1).any(|n| n == spec.name),
                "{line}"
            );
        }
    }

    #[test]
    fn every_specifier_is_listed_once() {
        let text = specifier_lines().join("\n");
        for spec in columns::SPECS {
            let cell = format!("{:<12} {}", spec.name, spec.header);
            assert!(text.contains(cell.trim_end()), "{}", spec.name);
        }
    }
}
