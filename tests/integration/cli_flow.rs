//! Options that end kps before anything is resolved: help, the version and
//! the specifier list never look at the environment a listing reads.

use crate::common::{kps_env, stderr};

/// A bad `PS_FORMAT` is warned about by a listing, and by nothing that
/// ends before one.
#[test]
fn help_version_and_specifiers_ignore_the_listing_environment() {
    let bogus = [("PS_FORMAT", "bogus")];
    let listing = kps_env(&["-p", "1"], &bogus);
    assert!(
        stderr(&listing).contains("$PS_FORMAT ignored"),
        "{}",
        stderr(&listing)
    );
    for args in [
        &["--help"][..],
        &["L"],
        &["--version"],
        &["-V"],
        &["V"],
        &["--info"],
        &["-o", "bogus", "--help"],
    ] {
        let output = kps_env(args, &bogus);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(
            !stderr(&output).contains("warning"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
