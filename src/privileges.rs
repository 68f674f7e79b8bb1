//! kps shows what its caller may read, and nothing more: installed setuid,
//! setgid or with file capabilities, it gives them up before it reads
//! anything, and refuses to run if it cannot.

use crate::error::{Error, Result};

/// Drops to the real user and group when they differ from the effective
/// ones, and clears capabilities the binary's file granted; checks that
/// the change stuck. Called first thing, before /proc or any file is read.
pub fn drop_to_caller() -> Result<()> {
    let (ruid, euid, rgid, egid) = ids();
    if ruid != euid || rgid != egid {
        drop_ids(ruid, rgid)?;
    }
    // AT_SECURE is set by the kernel for a setuid or setgid exec and for one
    // that gained capabilities from the file (setcap), where the ids stay
    // the caller's and only the capability sets show it.
    // SAFETY: getauxval reads the auxiliary vector; it has no failure mode
    // beyond returning 0.
    let secure = unsafe { libc::getauxval(libc::AT_SECURE) } != 0;
    if secure && ids().0 != 0 {
        clear_capabilities()?;
    }
    Ok(())
}

fn ids() -> (libc::uid_t, libc::uid_t, libc::gid_t, libc::gid_t) {
    // SAFETY: these calls only read the process' credentials and cannot fail.
    unsafe {
        (
            libc::getuid(),
            libc::geteuid(),
            libc::getgid(),
            libc::getegid(),
        )
    }
}

/// Sets real, effective and saved ids to the real ones, group first (while
/// the user id may still change it). The supplementary groups are left as
/// they are: exec does not change them, so they are already the caller's.
fn drop_ids(ruid: libc::uid_t, rgid: libc::gid_t) -> Result<()> {
    // SAFETY: setresgid/setresuid change only this process' credentials.
    let failed =
        unsafe { libc::setresgid(rgid, rgid, rgid) != 0 || libc::setresuid(ruid, ruid, ruid) != 0 };
    if failed {
        return Err(refusal(&std::io::Error::last_os_error().to_string()));
    }
    let (mut r, mut e, mut s) = (0, 0, 0);
    let (mut gr, mut ge, mut gs) = (0, 0, 0);
    // SAFETY: getresuid/getresgid write three ids to the given places.
    let read = unsafe {
        libc::getresuid(&mut r, &mut e, &mut s) == 0
            && libc::getresgid(&mut gr, &mut ge, &mut gs) == 0
    };
    let stuck = read && [r, e, s] == [ruid; 3] && [gr, ge, gs] == [rgid; 3];
    // With every id the caller's, taking root back must fail.
    // SAFETY: as above; a success here is the failure we look for.
    let regained = ruid != 0 && unsafe { libc::setuid(0) } == 0;
    if !stuck || regained {
        return Err(refusal("the ids did not change"));
    }
    // The kernel makes a process that changed its ids undumpable, which
    // hands its /proc/PID files to root; the caller may read their own
    // process again, as they would without the setuid bit.
    // SAFETY: prctl(PR_SET_DUMPABLE) sets one flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 1);
    }
    Ok(())
}

/// Empties the permitted, effective and inheritable capability sets (which
/// also empties the ambient set). Giving capabilities up is always allowed.
fn clear_capabilities() -> Result<()> {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    const VERSION_3: u32 = 0x2008_0522;
    let mut header = Header {
        version: VERSION_3,
        pid: 0,
    };
    let none = [Data {
        effective: 0,
        permitted: 0,
        inheritable: 0,
    }; 2];
    // SAFETY: capset reads a version-3 header and two data structs, which
    // is what is passed.
    let result = unsafe { libc::syscall(libc::SYS_capset, &mut header, none.as_ptr()) };
    if result != 0 {
        return Err(refusal(&std::io::Error::last_os_error().to_string()));
    }
    Ok(())
}

fn refusal(why: &str) -> Error {
    Error::new(format!(
        "cannot give up the privileges kps was installed with ({why}); refusing to run"
    ))
}
