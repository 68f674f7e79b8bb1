//! `kps`, `kps aux`, `kps -ef`: values for fixture processes and agreement with ps.

mod common;

use common::*;

#[test]
fn aux_matches_ps_on_stable_processes() {
    let _sleeper = Fixture::spawn("sleep", &["3600"]);
    compare_with_ps(&["aux"]).assert_matches(5);
}

#[test]
fn ef_matches_ps_on_stable_processes() {
    let _sleeper = Fixture::spawn("sleep", &["3600"]);
    compare_with_ps(&["-ef"]).assert_matches(5);
}
