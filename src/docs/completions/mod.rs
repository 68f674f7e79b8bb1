//! The shell completions: clap_complete's scripts, plus what clap cannot
//! express (specifier lists after a comma, BSD option letters).

use clap::Command;
pub use clap_complete::Shell;

mod bash;
mod values;

use super::{documented_command, finish, visible_subcommands};
use crate::cli::ps_flags::{self, Takes};
use crate::cli::ps_help;
use crate::columns;
use values::{pid_commands, pid_option_pattern, tty_option_pattern, user_option_pattern};

pub(super) use values::man_section;

/// The completion script for `shell`: clap_complete's, plus what clap cannot
/// express (specifier lists after a comma, BSD option letters).
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = documented_command();
    if shell == Shell::Bash {
        return bash::script(&cmd).into_bytes();
    }
    if shell == Shell::Zsh {
        // The BSD letters get a completion function of their own
        // (zsh_with_extra); with subcommands, clap's zsh script has no room
        // for a positional argument beside them.
        cmd = if cmd.has_subcommands() {
            finish(ps_help::dashed_command())
        } else {
            cmd.mut_arg(ps_help::BSD_ARG_ID, |arg| {
                arg.help(ZSH_BSD_HELP)
                    .value_parser(clap::builder::NonEmptyStringValueParser::new())
                    .value_hint(clap::ValueHint::Other)
            })
        };
    }
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kps", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    let script = match shell {
        Shell::Fish => fish_with_extra(script, &cmd),
        Shell::Zsh => zsh_with_extra(script, &cmd),
        _ => script,
    };
    script.into_bytes()
}

/// The spellings after which a list of specifiers follows, as one regular
/// expression: the exact options, and groups that end in such a letter.
pub(super) fn specifier_option_pattern() -> String {
    option_pattern(Takes::is_specifier_list)
}

/// The spellings of the options whose value `wants` accepts, as one regular
/// expression that bash, zsh and fish read alike: the exact long options, and
/// UNIX and BSD groups that end in such a letter (`-ep`, `axp`).
pub(super) fn option_pattern(wants: fn(Takes) -> bool) -> String {
    let takes_value = || ps_flags::documented().filter(|f| wants(f.takes));
    let plain = || ps_flags::documented().filter(|f| f.takes == Takes::Nothing);
    let letters = |flags: &mut dyn Iterator<Item = &'static [char]>| -> String {
        flags.flat_map(|letters| letters.iter()).collect()
    };
    let group = |dash: &str, plain: String, last: String| {
        (!last.is_empty()).then(|| format!("{dash}[{plain}]*[{last}]"))
    };
    let longs: Vec<&str> = takes_value().flat_map(|f| f.long.iter().copied()).collect();
    let alternatives: Vec<String> = [
        group(
            "-",
            letters(&mut plain().map(|f| f.unix)),
            letters(&mut takes_value().map(|f| f.unix)),
        ),
        group(
            "",
            letters(&mut plain().map(|f| f.bsd)),
            letters(&mut takes_value().map(|f| f.bsd)),
        ),
        (!longs.is_empty()).then(|| format!("--({})", longs.join("|"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("^({})$", alternatives.join("|"))
}

pub(super) fn specifier_words() -> String {
    columns::SPECS
        .iter()
        .map(|spec| spec.name)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A script template (`kps.bash.in`, `kps.zsh.in`, `kps.fish.in`: shell code
/// kept as shell code) with its `@NAME@` words replaced by their values.
fn fill(template: &str, words: &[(&str, &str)]) -> String {
    words
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("@{name}@"), value)
        })
}

const ZSH_BSD_HELP: &str = "BSD options";

/// clap's zsh script with specifier lists and BSD letters completed by
/// functions of kps' own.
fn zsh_with_extra(script: String, cmd: &Command) -> String {
    let words = specifier_words();
    let mut script = script
        .replace(&format!(":FORMAT:({words})"), ":FORMAT:_kps_specifier_list")
        .replace(&format!(":SORT:({words})"), ":SORT:_kps_specifier_list")
        .replace(":PIDLIST:'", ":PIDLIST:_kps_pid_list'")
        .replace(":TTYLIST:'", ":TTYLIST:_kps_tty_list'")
        .replace(":USERLIST:_users'", ":USERLIST:_kps_user_list'")
        .replace(":USER:_users'", ":USER:_kps_user_list'");
    // The operands of show, fds, env and tree: clap leaves them to _default.
    let operands: Vec<String> = pid_commands(cmd)
        .iter()
        .flat_map(|command| command.operand_ids.iter())
        .map(|id| format!("'*::{id} -- "))
        .collect();
    script = script
        .lines()
        .map(|line| {
            let operand = operands
                .iter()
                .any(|start| line.starts_with(start.as_str()));
            match line.strip_suffix(":_default' \\") {
                Some(spec) if operand => format!("{spec}:_kps_pids' \\\n"),
                _ => format!("{line}\n"),
            }
        })
        .collect();
    let commands_spec = "\":: :_kps_commands\"";
    if script.contains(commands_spec) {
        // The first word is a command or BSD letters; after a first word that
        // is not a command, the BSD letters go on.
        script = script.replace(commands_spec, "\":: :_kps_first_word\"");
        if let Some(at) = script.rfind("\n        esac\n    ;;\nesac\n}") {
            script.insert_str(at, "\n(*)\n_kps_bsd_word\n;;");
        }
    } else {
        script = script.replace(
            &format!("-- {ZSH_BSD_HELP}:'"),
            &format!("-- {ZSH_BSD_HELP}:_kps_bsd_word'"),
        );
    }
    let letters: Vec<String> = ps_flags::documented()
        .flat_map(|flag| {
            flag.bsd.iter().map(move |letter| {
                let help = flag.help.replace('\'', "'\\''");
                format!("        '{letter}:{help}'")
            })
        })
        .collect();
    let functions = fill(
        include_str!("kps.zsh.in"),
        &[
            ("WORDS", &words),
            ("PATTERN", &specifier_option_pattern()),
            ("PIDS", &pid_option_pattern()),
            ("USERS", &user_option_pattern()),
            ("TTYS", &tty_option_pattern()),
            ("LETTERS", &letters.join("\n")),
        ],
    );
    let trailer = "\nif [ \"$funcstack[1]\" = \"_kps\" ]; then";
    match script.find(trailer) {
        Some(at) => format!("{}\n{functions}{}", &script[..at], &script[at..]),
        None => script + "\n" + &functions,
    }
}

/// clap's fish script, with the specifier list offered once, by a function
/// that also completes after a comma, and the completions of kps' own.
fn fish_with_extra(script: String, cmd: &Command) -> String {
    let names: Vec<String> = columns::SPECS
        .iter()
        .map(|spec| format!("{}\\t''", spec.name))
        .collect();
    let script = script.replace(
        &format!("-a \"{}\"", names.join("\n")),
        "-a '(__kps_specifier_list)'",
    );
    let subcommands: Vec<&str> = visible_subcommands(cmd).map(Command::get_name).collect();
    let fish_spellings = |options: &[String]| -> String {
        options
            .iter()
            .map(|option| match option.strip_prefix("--") {
                Some(long) => format!("-l {long}"),
                None => format!("-s {}", option.trim_start_matches('-')),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let long_options = |wants: fn(Takes) -> bool| -> String {
        ps_flags::documented()
            .filter(|flag| wants(flag.takes))
            .flat_map(|flag| flag.long.iter().map(|name| format!("-l {name}")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut operands = Vec::new();
    let mut user_options = Vec::new();
    for command in pid_commands(cmd) {
        let values = match command.value_options.as_slice() {
            [] => "^$".to_string(),
            options => format!("^({})$", options.join("|")),
        };
        operands.push(format!(
            "        case {name}\n            not string match -qr -- '{values}' $words[-1]",
            name = command.name,
        ));
        if !command.user_options.is_empty() {
            user_options.push(format!(
                "complete -c kps -n '__kps_in_command {name}' {options} -r -f -a '(__kps_users)'",
                name = command.name,
                options = fish_spellings(&command.user_options),
            ));
        }
    }
    let letters: Vec<String> = ps_flags::documented()
        .flat_map(|flag| {
            flag.bsd.iter().map(move |letter| {
                let help = flag.help.replace('\\', "\\\\").replace('\'', "\\'");
                format!("complete -c kps -n __kps_no_command -f -a '{letter}' -d '{help}'")
            })
        })
        .collect();
    let extra = fill(
        include_str!("kps.fish.in"),
        &[
            ("PATTERN", &specifier_option_pattern()),
            ("WORDS", &specifier_words()),
            ("LONG_OPTIONS", &long_options(Takes::is_specifier_list)),
            ("SUBCOMMANDS", &subcommands.join(" ")),
            ("PIDS", &pid_option_pattern()),
            ("USERS", &user_option_pattern()),
            ("TTYS", &tty_option_pattern()),
            ("OPERANDS", &operands.join("\n")),
            (
                "LONG_PID_OPTIONS",
                &long_options(|takes| takes == Takes::Pids),
            ),
            ("USER_OPTIONS", &user_options.join("\n")),
            ("BSD_LETTERS", &letters.join("\n")),
        ],
    );
    script + "\n" + &extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_word_is_filled_and_the_specifiers_are_listed_once() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = String::from_utf8(completion(shell)).unwrap_or_default();
            let unfilled = script.split('@').skip(1).step_by(2).find(|word| {
                !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            });
            assert_eq!(unfilled, None, "{shell:?}");
            assert_eq!(script.matches(" sgi_rss ").count(), 1, "{shell:?}");
        }
    }

    #[test]
    fn the_specifier_pattern_matches_ps_spellings() {
        let pattern = specifier_option_pattern();
        assert!(pattern.starts_with("^(-["), "{pattern}");
        for spelling in ["-o", "-eo", "o", "axo", "k", "--sort", "--format", "-O"] {
            assert!(
                pattern_matches(&pattern, spelling),
                "{spelling} !~ {pattern}"
            );
        }
        for spelling in ["-p", "-po", "foo", "tree", "--pid", "aux"] {
            assert!(
                !pattern_matches(&pattern, spelling),
                "{spelling} =~ {pattern}"
            );
        }
    }

    /// Matches the pattern's three alternatives the way bash and fish do.
    fn pattern_matches(pattern: &str, word: &str) -> bool {
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg(r#"[[ "$1" =~ $2 ]]"#)
            .arg("bash")
            .arg(word)
            .arg(pattern)
            .status();
        output.is_ok_and(|status| status.success())
    }
}
