//! Literal text in an AIX format is part of the text only: `--json` has a key
//! for each specifier and none for the text between them.

use crate::common::*;

#[test]
fn aix_literal_text_adds_no_json_keys() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let pid = fixture.pid_str();
    let output = kps(&["-o", "X%p %c", "--json", "-p", &pid]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The raw text, as a JSON parser would quietly merge repeated keys.
    assert_eq!(
        stdout(&output),
        format!("[{{\"pid\":{pid},\"comm\":\"sleep\"}}]\n")
    );
    // The text form still prints the literal text as ps does.
    assert_matches_ps(&["-o", "X%p %c", "-p", &pid], 1);
}
