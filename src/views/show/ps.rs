//! The ps columns `show` takes values from, looked up when kps is compiled:
//! a name the table lacks does not build.

use crate::columns::{Spec, named};

macro_rules! specs {
    ($($constant:ident = $name:literal),* $(,)?) => {
        $(pub const $constant: &Spec = named($name);)*
    };
}

specs!(
    PID = "pid",
    PPID = "ppid",
    PGID = "pgid",
    SID = "sid",
    TTY = "tty",
    TPGID = "tpgid",
    RUID = "ruid",
    RUSER = "ruser",
    EUID = "euid",
    EUSER = "euser",
    SUID = "suid",
    SUSER = "suser",
    FUID = "fuid",
    FUSER = "fuser",
    RGID = "rgid",
    RGROUP = "rgroup",
    EGID = "egid",
    EGROUP = "egroup",
    SGID = "sgid",
    SGROUP = "sgroup",
    FGID = "fgid",
    FGROUP = "fgroup",
    COMM = "comm",
    ARGS = "args",
    S = "s",
    STAT = "stat",
    NI = "ni",
    PRI = "pri",
    PSR = "psr",
    LSTART = "lstart",
    ETIME = "etime",
    ETIMES = "etimes",
    TIME = "time",
    PCPU = "pcpu",
    PMEM = "pmem",
    VSZ = "vsz",
    RSS = "rss",
    NLWP = "nlwp",
    NSPID = "nspid",
    OOM = "oom",
    OOMADJ = "oomadj",
);

/// I/O counters under ps' names.
pub const IO: [&Spec; 7] = [
    named("rchars"),
    named("wchars"),
    named("rops"),
    named("wops"),
    named("rbytes"),
    named("wbytes"),
    named("wcbytes"),
];

/// Each id and the name that goes with it, real, effective, saved and
/// filesystem, users then groups.
pub const IDS: [(&Spec, &Spec); 8] = [
    (RUID, RUSER),
    (EUID, EUSER),
    (SUID, SUSER),
    (FUID, FUSER),
    (RGID, RGROUP),
    (EGID, EGROUP),
    (SGID, SGROUP),
    (FGID, FGROUP),
];
