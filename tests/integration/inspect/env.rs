//! `kps env`: a process's environment in its own order, escaped, raw with
//! `-0`, as JSON, and for processes that have none or may not be read.

use super::*;

#[test]
fn env_prints_variables_in_the_process_order_escaped() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        "ZED=last letter first\nALPHA=x?[2Jy\nMID=a=b\nEMPTY=\n"
    );
}

#[test]
fn env_null_prints_the_raw_bytes() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "-0", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        output.stdout,
        b"ZED=last letter first\0ALPHA=x\x1b[2Jy\0MID=a=b\0EMPTY=\0"
    );
    let long = kps(&["env", "--null", &sleeper.pid_str()]);
    assert_eq!(long.stdout, output.stdout);
}

#[test]
fn env_json_keeps_values_and_order() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "--json", &sleeper.pid_str()]);
    let item = single(&output);
    assert_eq!(item["pid"], sleeper.pid);
    assert_eq!(
        item["environ"],
        serde_json::json!({"ZED": "last letter first", "ALPHA": "x\u{1b}[2Jy", "MID": "a=b", "EMPTY": ""})
    );
    let raw = stdout(&output);
    let position = |key: &str| raw.find(&format!("\"{key}\"")).expect(key);
    assert!(
        position("ZED") < position("ALPHA") && position("ALPHA") < position("MID"),
        "{raw}"
    );
    assert!(!raw.contains('\x1b'), "escape byte must be encoded: {raw}");
}

#[test]
fn env_of_a_zombie_is_empty_and_says_so() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let output = kps(&["env", &zombie.to_string()]);
    assert_error(
        &output,
        &format!("PID {zombie} is a zombie: no environment"),
    );
}

#[test]
fn env_of_a_kernel_thread_is_empty_and_says_so() {
    let Some(pid) = kernel_thread() else {
        eprintln!("no kernel thread visible here (a PID namespace?)");
        return;
    };
    let why = format!("PID {pid} is a kernel thread: no environment");
    assert_error(&kps(&["env", &pid.to_string()]), &why);
}

#[test]
fn env_of_another_users_process_is_denied() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps_as_nobody(&["env", &sleeper.pid_str()]);
    assert_denied(&output, sleeper.pid);
}

#[test]
fn env_of_several_pids_prints_each_and_fails_on_a_missing_one() {
    let first = sleeper_with_env(&["ONE=1"]);
    let second = sleeper_with_env(&["TWO=2"]);
    let missing = missing_pid();
    let output = kps(&["env", &first.pid_str(), &missing, &second.pid_str()]);
    assert_exit_1(&output);
    assert_eq!(
        stdout(&output),
        format!(
            "PID {} (sleep)\nONE=1\n\nPID {} (sleep)\nTWO=2\n",
            first.pid, second.pid
        )
    );
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );
    let raw = kps(&["env", "-0", &first.pid_str(), &second.pid_str()]);
    assert_eq!(raw.stdout, b"ONE=1\0\0TWO=2\0\0");
}

#[test]
fn env_colours_only_the_names() {
    let sleeper = sleeper_with_env(ENV);
    let pid = sleeper.pid_str();
    let text = coloured_matching_plain(|flags| kps(&[&["env"], flags, &[pid.as_str()]].concat()));
    assert_eq!(
        text,
        "\x1b[1mZED\x1b[0m=last letter first\n\x1b[1mALPHA\x1b[0m=x?[2Jy\n\
         \x1b[1mMID\x1b[0m=a=b\n\x1b[1mEMPTY\x1b[0m=\n"
    );
}
