//! `kps`, `kps aux`, `kps -ef`: values for fixture processes and agreement with ps.

mod common;

use common::*;

#[test]
fn aux_matches_ps_on_stable_processes() {
    let _sleeper = Fixture::spawn("sleep", &["3600"]);
    assert_matches_ps(&["aux"], 5);
}

#[test]
fn ef_matches_ps_on_stable_processes() {
    let _sleeper = Fixture::spawn("sleep", &["3600"]);
    assert_matches_ps(&["-ef"], 5);
}
