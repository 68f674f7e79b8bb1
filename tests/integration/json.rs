//! `--json` on listings: valid JSON, the selected columns as keys, typed values.

use crate::common::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    let output = kps(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: invalid JSON: {e}"))
}

#[test]
fn listing_keys_are_the_selected_specifiers() {
    let fixture = Fixture::sleeper_named("kps-json\u{1b}]0;evil\u{7}\n", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let rows = json_of(&["-eo", "pid,comm,rss,args", "--json"]);
    let rows = rows.as_array().expect("an array");
    assert!(rows.len() > 1);
    for row in rows {
        let object = row.as_object().expect("objects");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["pid", "comm", "rss", "args"]);
        assert!(object["pid"].is_u64());
        assert!(object["comm"].is_string());
        assert!(object["rss"].is_u64() || object["rss"].is_null());
    }
    let mine = rows
        .iter()
        .find(|r| r["pid"] == fixture.pid)
        .expect("the fixture is listed");
    assert_eq!(mine["comm"], "sleep");
    // Strings are the raw values, control characters and all, escaped by JSON.
    assert_eq!(mine["args"], "kps-json\u{1b}]0;evil\u{7}\n 3600");
    let text = stdout(&kps(&["-p", &fixture.pid_str(), "-o", "args", "--json"]));
    assert!(
        !text.bytes().any(|b| b == 0x1b),
        "no raw escape byte in {text:?}"
    );
}

#[test]
fn aux_json_carries_the_aux_columns_as_numbers() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let rows = json_of(&["aux", "--json"]);
    let mine = rows
        .as_array()
        .expect("an array")
        .iter()
        .find(|r| r["pid"] == fixture.pid)
        .expect("the fixture is listed")
        .clone();
    let keys: Vec<&str> = mine
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "user", "pid", "pcpu", "pmem", "vsz", "rss", "tty", "stat", "start", "time", "args"
        ]
    );
    assert!(mine["pcpu"].is_number() && mine["pmem"].is_number());
    assert!(mine["vsz"].as_u64().is_some_and(|v| v > 0));
    assert!(mine["rss"].as_u64().is_some_and(|v| v > 0));
    assert!(mine["time"].is_u64(), "times are seconds");
    assert!(mine["start"].is_i64(), "start is seconds since the epoch");
    assert_eq!(mine["args"], "sleep 3600");
    assert!(mine["tty"].is_null(), "no terminal is null");
}

#[test]
fn no_match_is_an_empty_array_and_exit_1() {
    let output = kps(&["-p", "2147483646", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value, Value::Array(vec![]));
}
