//! Classes of command lines once found printing something else than procps
//! ps 4.0.2, each compared with /usr/bin/ps on quiet fixtures; and, where
//! procps itself is broken, what kps prints instead.

use std::process::{Command, Output, Stdio};

use crate::common::*;
use crate::ps_compat::{assert_same_error, assert_same_failure};

/// Digits after BSD letters are a list of PIDs that ends the word, as procps
/// reads them (`ps u1`, `ps s1,2`).
#[test]
fn digits_after_bsd_letters_are_process_ids() {
    let group = Fixture::quiet_group(2);
    let kids = group.children();
    let list = format!("{},{}", kids[0], kids[1]);
    for args in [
        format!("u{}", kids[0]),
        format!("s{list}"),
        format!("j{list}"),
        format!("vh{list}"),
    ] {
        assert_matches_ps(&[&args], 1);
    }
    let ours = stdout(&kps(&[&format!("u{list}")]));
    assert_eq!(ours.lines().count(), 3, "{ours}");
    // Checks after the list still run: threads and a forest conflict.
    assert_same_error(&["fjxm2"], &[]);
    assert_same_error(&[&format!("u{}x", kids[0])], &[]);
}

/// A link named `ps` to kps is procps' ps: no subcommands, so `ps env 1` is
/// BSD `e`, `n` and `v` for PID 1, and `ps tree` fails as ps fails. Under
/// its own name, kps' subcommands win.
#[test]
fn invoked_as_ps_every_word_is_a_ps_option() {
    let dir = std::env::temp_dir().join(format!("kps-as-ps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let link = dir.join("ps");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(KPS, &link).expect("symlink ps");
    let run = |program: &str, args: &[&str]| -> Output {
        let program = if program == KPS {
            link.as_os_str()
        } else {
            "ps".as_ref()
        };
        Command::new(program)
            .args(args)
            .env_remove("COLUMNS")
            .env_remove("PS_FORMAT")
            .env_remove("PS_PERSONALITY")
            .stdin(Stdio::null())
            .output()
            .expect("run")
    };
    let group = Fixture::quiet_group(1);
    let pid = group.children()[0].to_string();
    let args = ["env", pid.as_str()];
    assert_runs_match(&args, 1, |program| run(program, &args));
    for args in [&["tree"][..], &["show"], &["fds"], &["tree", &pid]] {
        assert_same_failure(args, &run(KPS, args), &run("ps", args));
    }
    // As kps, `env PID` is the environment view.
    let env = stdout(&kps(&args));
    assert!(env.lines().any(|l| l.starts_with("PATH=")), "{env}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// procps' named formats (`DefBSD`, `DefSysV`, the other systems' lists)
/// are format lists of their own, in `PS_FORMAT` and in `-o`.
#[test]
fn named_formats_are_format_lists() {
    let group = Fixture::quiet_group(1);
    let pid = group.children()[0].to_string();
    for format in ["DefBSD", "DefSysV", "pid,FB_j"] {
        let env = [("PS_FORMAT", format)];
        let args = ["-p", pid.as_str()];
        assert_matches_ps_env(&args, &env, 1);
        assert_eq!(
            stderr(&kps_env(&args, &env)),
            stderr(&ps_env(&args, &env)),
            "PS_FORMAT={format}"
        );
    }
    assert_matches_ps(&["-o", "uid,DefSysV=X", "-p", &pid], 1);
    assert_same_error(&["-o", "DefBSD:9"], &[]);
}

/// Under `-N`, a user or group ID past 32 bits is cut to 32 as procps'
/// conversion cuts it: 4294967296 is 0, so `-N` lists everyone else.
#[test]
fn negated_ids_past_32_bits_wrap() {
    let other = Fixture::nobody_sleeper("3620");
    for option in ["-u", "-U", "-g", "-G"] {
        let args = ["-N", option, "4294967296", "-o", "pid,uid,gid,comm"];
        assert_matches_ps(&args, 1);
        let ours = stdout(&kps(&args));
        assert!(row_with(&ours, 0, &other.pid_str()).is_some(), "{ours}");
        assert!(row_with(&ours, 0, "1").is_none(), "{option}: {ours}");
    }
}

/// Numbers past 64 bits are out of range, not malformed; an empty list
/// item is an improper list.
#[test]
fn numbers_past_64_bits_and_empty_formats_fail_as_in_ps() {
    for args in [
        &["-p", "18446744073709551616"][..],
        &["-u", "18446744073709551616"],
        &["-G", "99999999999999999999999"],
        &["-p", "+"],
        &["-o", ","],
        &["-o", ", "],
    ] {
        assert_same_error(args, &[]);
    }
}
