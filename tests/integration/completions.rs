//! The shell completions offer the values of the running system: PIDs (with
//! the command name as the description in zsh and fish) after show, fds, env,
//! tree, -p, --pid and q; users after -u, -U and U; terminals after -t and t.
//! Each shell is driven as a user's would be: bash through its completion
//! function, zsh through its line editor on a pseudo-terminal, fish through
//! `complete -C`.

use std::process::{Command, Stdio};

use crate::common::{Fixture, output_of, sleeper_on_a_pty, wait_for_comm};
use crate::generated::{bash_complete, has_program};

/// A process whose command name is known, with a control character in it:
/// completions must describe it without letting it reach the terminal.
const COMM: &str = "kpscomp\x1bfix";
const COMM_SHOWN: &str = "kpscomp?fix";

fn named_process() -> Fixture {
    let script = format!(
        "printf '{}' > /proc/$$/comm; sleep 3600; exit",
        "kpscomp\\033fix"
    );
    let fixture = Fixture::shell(&script);
    wait_for_comm(fixture.pid, COMM);
    fixture
}

/// The terminal name (`pts/N`) of a process on a pseudo-terminal.
fn pty_process() -> (Fixture, String) {
    let (fixture, pid) = sleeper_on_a_pty("3600");
    let link = std::fs::read_link(format!("/proc/{pid}/fd/0")).expect("read the sleeper's stdin");
    let name = link
        .to_string_lossy()
        .strip_prefix("/dev/")
        .expect("a terminal under /dev")
        .to_string();
    (fixture, name)
}

/// Every command line the completions must answer, split into words (the
/// last one being completed), with what must be among the offered values.
fn cases(pid: &str, tty: &str) -> Vec<(Vec<&'static str>, String)> {
    let mut cases = Vec::new();
    for words in [
        vec!["kps", "show", ""],
        vec!["kps", "show", "--json", ""],
        vec!["kps", "fds", ""],
        vec!["kps", "env", ""],
        vec!["kps", "tree", ""],
        vec!["kps", "-p", ""],
        vec!["kps", "--pid", ""],
        vec!["kps", "-q", ""],
        vec!["kps", "q", ""],
        vec!["kps", "p", ""],
    ] {
        cases.push((words, pid.to_string()));
    }
    cases.push((vec!["kps", "-p", "1,"], format!("1,{pid}")));
    for (words, user) in [
        (vec!["kps", "-u", "ro"], "root"),
        (vec!["kps", "-U", ""], "nobody"),
        (vec!["kps", "U", "nob"], "nobody"),
        (vec!["kps", "--user", "1,ro"], "1,root"),
        (vec!["kps", "tree", "-u", ""], "root"),
    ] {
        cases.push((words, user.to_string()));
    }
    for words in [
        vec!["kps", "-t", ""],
        vec!["kps", "--tty", ""],
        vec!["kps", "t", ""],
    ] {
        cases.push((words, tty.to_string()));
    }
    cases
}

/// After an option that takes some other value, the PIDs are not offered.
const NOT_PIDS: [&[&str]; 3] = [
    &["kps", "show", "--proc", ""],
    &["kps", "tree", "-o", ""],
    &["kps", "-o", ""],
];

#[test]
fn bash_offers_pids_users_and_terminals() {
    let named = named_process();
    let (_pty, tty) = pty_process();
    let pid = named.pid_str();
    for (words, expected) in cases(&pid, &tty) {
        let offered = bash_complete(&words);
        assert!(
            offered.contains(&expected),
            "{words:?} does not offer {expected}: {offered:?}"
        );
    }
    for words in NOT_PIDS {
        let offered = bash_complete(words);
        assert!(
            !offered.contains(&pid),
            "{words:?} offers PIDs: {offered:?}"
        );
    }
}

/// zsh's interactive completion of `line`, driven on a pseudo-terminal by
/// zsh/zpty: each offered match with its description (`1234 -- sleep`), as
/// compadd received them.
fn zsh_complete(line: &str) -> Vec<(String, String)> {
    // Runs in the interactive zsh: loads kps' completion, records what
    // compadd is given instead of inserting it, and exits when done.
    const INIT: &str = r#"
stty columns 200 rows 100 2>/dev/null
PROMPT='' RPROMPT=''
fpath=("$KPS_COMPLETIONS" $fpath)
autoload -U compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
_kps_capture_start() { print -rn -- '<kps-start>' }
_kps_capture_end() { print -r -- '<kps-end>'; exit }
compprefuncs=(_kps_capture_start)
comppostfuncs=(_kps_capture_end)
compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return
    fi
    local -a hits descriptions
    if (( $@[(I)-d] )); then
        local name=${@[$[${@[(i)-d]}+1]]}
        if [[ $name == \(* ]]; then eval "descriptions=$name"; else descriptions=("${(@P)name}"); fi
    fi
    builtin compadd -A hits -D descriptions "$@"
    local i
    for i in {1..$#hits}; do
        print -rn -- "$hits[$i]"$'\t'"${descriptions[$i]}"$'\n'
    done
}
"#;
    const DRIVE: &str = r#"
zmodload zsh/zpty
zpty kps zsh -f -i
zpty -w kps 'eval "$KPS_ZSH_INIT"'
zpty -w -n kps "$1"$'\t'
local out line
while zpty -r kps line; do
    out+=$line
    [[ $out == *'<kps-end>'* ]] && break
done
zpty -d kps
print -r -- ${${out#*<kps-start>}%%<kps-end>*}
"#;
    let out = output_of(
        Command::new("timeout")
            .args(["60", "zsh", "-f", "-c", DRIVE, "zsh", line])
            .env("KPS_ZSH_INIT", INIT)
            .env(
                "KPS_COMPLETIONS",
                concat!(env!("CARGO_MANIFEST_DIR"), "/completions"),
            )
            .stdin(Stdio::null()),
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (word, description) = line.trim_end_matches('\r').split_once('\t')?;
            let description = description
                .split_once(" -- ")
                .map_or("", |(_, text)| text)
                .trim();
            Some((word.to_string(), description.to_string()))
        })
        .collect()
}

/// A completion of a command line, as a shell offers it: each value with
/// its description.
type Complete = fn(&str) -> Vec<(String, String)>;

/// A command line, and a value its completion must offer.
type Case = (String, String);

/// `shell` (driven by `complete`) offers every case's value, describes the
/// PID by its escaped name, and offers no PIDs after options that take other
/// values. `offered_as` is how the shell offers an expected value (zsh
/// completes the item after the last comma itself); `more` adds the
/// shell's own cases for a PID.
fn assert_offers_described(
    shell: &str,
    complete: Complete,
    offered_as: fn(&str) -> &str,
    more: fn(&str) -> Vec<Case>,
) {
    if !has_program(shell) {
        eprintln!("{shell} is not installed: its completion is not checked");
        return;
    }
    let named = named_process();
    let (_pty, tty) = pty_process();
    let pid = named.pid_str();
    let cases = cases(&pid, &tty)
        .into_iter()
        .map(|(words, expected)| (words.join(" "), expected))
        .chain(more(&pid));
    for (line, expected) in cases {
        let offered = complete(&line);
        let expected = offered_as(&expected);
        assert!(
            offered.iter().any(|(word, _)| word == expected),
            "{shell}: `{line}` does not offer {expected}: {offered:?}"
        );
        if expected == pid {
            assert!(
                offered.contains(&(pid.clone(), COMM_SHOWN.to_string())),
                "{shell}: `{line}` does not describe {pid} as {COMM_SHOWN}: {offered:?}"
            );
        }
    }
    for words in NOT_PIDS {
        let line = words.join(" ");
        let offered = complete(&line);
        assert!(
            !offered.iter().any(|(word, _)| *word == pid),
            "{shell}: `{line}` offers PIDs: {offered:?}"
        );
    }
}

#[test]
fn zsh_offers_pids_with_their_names_users_and_terminals() {
    assert_offers_described(
        "zsh",
        zsh_complete,
        |expected| expected.rsplit(',').next().unwrap_or_default(),
        |_| Vec::new(),
    );
}

/// fish's completions of `line`: each value with its description.
fn fish_complete(line: &str) -> Vec<(String, String)> {
    let out = output_of(
        Command::new("fish")
            .args([
                "--no-config",
                "-c",
                r#"source completions/kps.fish; complete -C "$argv[1]""#,
                line,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null()),
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let (word, description) = line.split_once('\t').unwrap_or((line, ""));
            (word.to_string(), description.to_string())
        })
        .collect()
}

#[test]
fn fish_offers_pids_with_their_names_users_and_terminals() {
    assert_offers_described(
        "fish",
        fish_complete,
        |expected| expected,
        // fish completes an option's value joined to it with `=`.
        |pid| vec![(format!("kps --pid=1,{pid}"), format!("--pid=1,{pid}"))],
    );
}
