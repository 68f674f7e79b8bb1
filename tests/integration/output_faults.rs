//! Output faults, in every view: a reader that goes away ends kps quietly
//! with exit status 0; a full disk is one error line and exit status 1.

use std::io::{PipeReader, PipeWriter, Read};
use std::os::fd::AsRawFd;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// A process with a long command line, a long environment variable and many
/// descriptors, so that every view of it is longer than a small pipe holds.
fn large_fixture() -> Fixture {
    let mut cmd = Command::new("python3");
    cmd.args([
        "-c",
        "import os, time\n\
         fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(300)]\n\
         time.sleep(3600)",
        &"a".repeat(20_000),
    ])
    .env("KPS_LARGE", "b".repeat(20_000));
    let fixture = Fixture::from_command(cmd);
    let open_fds =
        || std::fs::read_dir(format!("/proc/{}/fd", fixture.pid)).map_or(0, |d| d.count());
    wait_until(|| open_fds() >= 300, "the fixture's descriptors");
    fixture
}

/// The views, each with its arguments.
fn views(pid: &str) -> Vec<Vec<String>> {
    let views: [&[&str]; 9] = [
        &["aux"],
        &["-ef", "--json"],
        &["tree", "-a"],
        &["tree", "--json"],
        &["show", pid],
        &["show", "--json", pid],
        &["fds", pid],
        &["env", pid],
        &["env", "--json", pid],
    ];
    views
        .iter()
        .map(|args| args.iter().map(|a| a.to_string()).collect())
        .collect()
}

fn kps_to(args: &[String], stdout: impl Into<Stdio>) -> std::process::Child {
    Command::new(KPS)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kps")
}

unsafe extern "C" {
    #[link_name = "fcntl"]
    fn libc_fcntl(fd: i32, cmd: i32, ...) -> i32;
}

const F_SETPIPE_SZ: i32 = 1031;

/// A pipe that holds one page: output longer than that has to wait for the
/// reader.
fn small_pipe() -> (PipeReader, PipeWriter, usize) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    // SAFETY: fcntl(2) on a descriptor we own; F_SETPIPE_SZ takes an int.
    let size = unsafe { libc_fcntl(writer.as_raw_fd(), F_SETPIPE_SZ, 4096) };
    assert!(size > 0, "F_SETPIPE_SZ failed");
    (reader, writer, size as usize)
}

#[test]
fn a_reader_that_goes_away_ends_kps_quietly() {
    let fixture = large_fixture();
    for args in views(&fixture.pid_str()) {
        let (mut reader, writer, capacity) = small_pipe();
        let whole = kps(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(whole.status.success(), "{args:?}: {}", stderr(&whole));
        // Longer than the pipe holds: kps is still writing when the reader
        // leaves, so it meets the closed pipe.
        assert!(
            whole.stdout.len() > 2 * capacity,
            "{args:?} prints only {} bytes",
            whole.stdout.len()
        );
        let child = kps_to(&args, writer);
        let mut first = [0u8; 1];
        reader.read_exact(&mut first).expect("the first byte");
        drop(reader);
        let output: Output = child.wait_with_output().expect("wait for kps");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_one_error_line() {
    let fixture = large_fixture();
    for args in views(&fixture.pid_str()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let output = kps_to(&args, full)
            .wait_with_output()
            .expect("wait for kps");
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(
            message.starts_with("kps: ") && message.contains("No space left on device"),
            "{args:?}: {message}"
        );
    }
}
