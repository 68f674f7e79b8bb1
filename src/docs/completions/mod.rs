//! The shell completions: clap_complete's scripts, plus what clap cannot
//! express (specifier lists after a comma, BSD option letters).

use clap::Command;
pub use clap_complete::Shell;

mod values;

use super::{documented_command, finish, visible_subcommands};
use crate::cli::ps_flags::{self, Takes};
use crate::cli::ps_help;
use crate::columns;
use values::{
    bash_pid_command_arms, fish_values, pid_commands, pid_option_pattern, tty_option_pattern,
    user_option_pattern,
};

pub(super) use values::man_section;

/// The completion script for `shell`: clap_complete's, plus what clap cannot
/// express (specifier lists after a comma, BSD option letters).
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = documented_command();
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
        Shell::Bash => script + &bash_extra(&cmd),
        Shell::Fish => script + &fish_extra(&cmd),
        Shell::Zsh => zsh_with_extra(script, &cmd),
        _ => script,
    };
    script.into_bytes()
}

/// The spellings after which a list of specifiers follows, as one regular
/// expression: the exact options, and groups that end in such a letter.
fn specifier_option_pattern() -> String {
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

fn specifier_words() -> String {
    columns::SPECS
        .iter()
        .map(|spec| spec.name)
        .collect::<Vec<_>>()
        .join(" ")
}

fn bash_extra(cmd: &Command) -> String {
    format!(
        r#"
{functions}

# PIDs after -p, q, --pid and after show, fds, env and tree; users after -u,
# -U, U; terminals after -t, t. Specifier lists (-o, o, --format, -O, k,
# --sort, also grouped as in -eo or axo): the name after the last comma, and
# after a + or - sign.
_kps_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" option="" command=""
    if (( COMP_CWORD > 0 )); then
        option="${{COMP_WORDS[COMP_CWORD-1]}}"
    fi
    if (( COMP_CWORD > 1 )); then
        command="${{COMP_WORDS[1]}}"
    fi
    if [[ "$cur" == "=" ]]; then
        cur=""
    elif [[ "$option" == "=" ]] && (( COMP_CWORD > 1 )); then
        option="${{COMP_WORDS[COMP_CWORD-2]}}"
    fi
    case "$command" in{pid_commands}
        {subcommands})
            _kps "$@"
            return
            ;;
    esac
    if [[ "$option" =~ {pids} ]]; then
        _kps_reply_list "$cur" "$(_kps_pids)"
        return 0
    elif [[ "$option" =~ {users} ]]; then
        _kps_reply_list "$cur" "$(compgen -u)"
        return 0
    elif [[ "$option" =~ {ttys} ]]; then
        _kps_reply_list "$cur" "$(_kps_ttys)"
        return 0
    elif [[ ! "$option" =~ {pattern} ]]; then
        _kps "$@"
        return
    fi
    local prefix="" name="$cur"
    if [[ "$name" == *,* ]]; then
        prefix="${{name%,*}},"
        name="${{name##*,}}"
    fi
    if [[ "$name" == [+-]* ]]; then
        prefix="$prefix${{name:0:1}}"
        name="${{name:1}}"
    fi
    COMPREPLY=( $(compgen -P "$prefix" -W "{words}" -- "$name") )
    compopt -o nospace 2>/dev/null
    return 0
}}

if [[ "${{BASH_VERSINFO[0]}}" -eq 4 && "${{BASH_VERSINFO[1]}}" -ge 4 || "${{BASH_VERSINFO[0]}}" -gt 4 ]]; then
    complete -F _kps_complete -o nosort -o bashdefault -o default kps
else
    complete -F _kps_complete -o bashdefault -o default kps
fi
"#,
        functions = values::BASH_FUNCTIONS,
        pid_commands = bash_pid_command_arms(cmd),
        subcommands = subcommand_alternatives(cmd),
        pids = pid_option_pattern(),
        users = user_option_pattern(),
        ttys = tty_option_pattern(),
        pattern = specifier_option_pattern(),
        words = specifier_words(),
    )
}

/// The subcommands as alternatives of a shell `case` pattern.
fn subcommand_alternatives(cmd: &Command) -> String {
    let names: Vec<&str> = visible_subcommands(cmd).map(Command::get_name).collect();
    match names.as_slice() {
        [] => "''".to_string(),
        _ => names.join("|"),
    }
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
    let letters: String = ps_flags::documented()
        .flat_map(|flag| {
            flag.bsd.iter().map(move |letter| {
                let help = flag.help.replace('\'', "'\\''");
                format!("        '{letter}:{help}'\n")
            })
        })
        .collect();
    let functions = format!(
        r#"
# Specifier lists (-o, o, --format, -O, k, --sort): complete the name after
# the last comma, and after a + or - sign.
(( $+functions[_kps_specifier_list] )) ||
_kps_specifier_list() {{
    compset -P '*,'
    compset -P '[+-]'
    compadd -qS, -- {words}
}}

{value_functions}

# BSD options: letters without a dash, as in aux; a specifier list after a
# word that ends in o, O or k; PIDs after p and q, users after U, terminals
# after t.
(( $+functions[_kps_bsd_word] )) ||
_kps_bsd_word() {{
    if [[ $words[CURRENT-1] =~ '{pattern}' ]]; then
        _kps_specifier_list
        return
    elif [[ $words[CURRENT-1] =~ '{pids}' ]]; then
        _kps_pid_list
        return
    elif [[ $words[CURRENT-1] =~ '{users}' ]]; then
        _kps_user_list
        return
    elif [[ $words[CURRENT-1] =~ '{ttys}' ]]; then
        _kps_tty_list
        return
    fi
    local -a letters
    letters=(
{letters}    )
    _describe -t bsd-options 'BSD option' letters
}}

(( $+functions[_kps_first_word] )) ||
_kps_first_word() {{
    _alternative 'commands:command:_kps_commands' 'bsd-options:BSD option:_kps_bsd_word'
}}
"#,
        pattern = specifier_option_pattern(),
        value_functions = values::ZSH_FUNCTIONS,
        pids = pid_option_pattern(),
        users = user_option_pattern(),
        ttys = tty_option_pattern(),
    );
    let trailer = "\nif [ \"$funcstack[1]\" = \"_kps\" ]; then";
    match script.find(trailer) {
        Some(at) => format!("{}{functions}{}", &script[..at], &script[at..]),
        None => script + &functions,
    }
}

fn fish_extra(cmd: &Command) -> String {
    let subcommands: Vec<&str> = visible_subcommands(cmd).map(Command::get_name).collect();
    let mut script = format!(
        r#"
# Specifier lists (-o, o, --format, -O, k, --sort, also grouped as in -eo or
# axo): complete the name after the last comma, and after a + or - sign.
function __kps_wants_specifier_list
    set -l words (commandline -opc)
    string match -qr -- '{pattern}' $words[-1]
end

function __kps_specifier_list
    set -l value (string replace -r -- '^--[a-z]+=' '' (commandline -ct))
    set -l prefix (string match -r -- '^(?:.*,)?[+-]?' "$value")
    for name in {words}
        printf '%s%s\n' "$prefix" $name
    end
end

complete -c kps -n __kps_wants_specifier_list -f -a '(__kps_specifier_list)'
complete -c kps {long_options} -r -f -a '(__kps_specifier_list)'

# BSD options: letters without a dash, as in aux.
function __kps_no_command
    set -l words (commandline -opc)
    not contains -- "$words[2]" {subcommands}
end

"#,
        pattern = specifier_option_pattern(),
        words = specifier_words(),
        long_options = ps_flags::documented()
            .filter(|flag| flag.takes.is_specifier_list())
            .flat_map(|flag| flag.long.iter().map(|name| format!("-l {name}")))
            .collect::<Vec<_>>()
            .join(" "),
        subcommands = subcommands.join(" "),
    );
    script.push_str(&fish_values(cmd));
    for flag in ps_flags::documented() {
        for letter in flag.bsd {
            let help = flag.help.replace('\\', "\\\\").replace('\'', "\\'");
            script.push_str(&format!(
                "complete -c kps -n __kps_no_command -f -a '{letter}' -d '{help}'\n"
            ));
        }
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;

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
