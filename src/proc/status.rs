//! /proc/PID/status, parsed for the fields kps shows.
//!
//! procfs' own `Status` decodes the file through `String` (failing on a name that
//! is not UTF-8) and builds a map of every line; a listing of thousands of
//! processes reads this file for each, so kps scans the bytes once and keeps only
//! what it uses.

/// The fields of /proc/PID/status that something in kps reads; the rest of
/// the file is skipped. Memory values are KiB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcStatus {
    /// Real, effective, saved and filesystem uid.
    pub uid: [u32; 4],
    /// Real, effective, saved and filesystem gid.
    pub gid: [u32; 4],
    pub groups: Vec<u32>,
    /// Thread group id: the process a thread belongs to.
    pub tgid: i32,
    /// The thread group id in the process' own (innermost) PID namespace,
    /// the last of `NStgid`; 0 where the kernel does not say.
    pub inner_tgid: i32,
    pub vm_lck: u64,
    pub vm_hwm: u64,
    pub vm_rss: u64,
    pub rss_anon: u64,
    pub rss_file: u64,
    pub rss_shmem: u64,
    pub vm_data: u64,
    pub vm_stk: u64,
    pub vm_swap: u64,
    /// Signal masks, bit N-1 for signal N.
    pub sig_pending: u64,
    pub shd_pending: u64,
    pub sig_blocked: u64,
    pub sig_ignored: u64,
    pub sig_caught: u64,
}

impl ProcStatus {
    /// Parses the file's bytes when they name the process' ids: a status
    /// without a well-formed `Uid:` and `Gid:` line (empty, cut short,
    /// garbage) is no status at all, and must not read as root's.
    pub fn parse_checked(bytes: &[u8]) -> Option<ProcStatus> {
        let well_formed = |key: &[u8]| {
            bytes.split(|&b| b == b'\n').any(|line| {
                line.strip_prefix(key).is_some_and(|ids| {
                    let ids: Vec<&[u8]> = ids
                        .split(|b| b.is_ascii_whitespace())
                        .filter(|f| !f.is_empty())
                        .collect();
                    ids.len() == 4 && ids.iter().all(|id| dec(id).is_some())
                })
            })
        };
        (well_formed(b"Uid:") && well_formed(b"Gid:")).then(|| ProcStatus::parse(bytes))
    }

    /// Parses the file's bytes. Unknown lines are skipped, malformed numbers read as 0:
    /// the kernel writes this file, and one odd line must not hide a process.
    pub fn parse(bytes: &[u8]) -> ProcStatus {
        let mut st = ProcStatus::default();
        for (key, value) in fields(bytes) {
            match key {
                b"Uid" => st.uid = four_ids(value),
                b"Gid" => st.gid = four_ids(value),
                b"Groups" => {
                    st.groups = value
                        .split(|b| b.is_ascii_whitespace())
                        .filter_map(dec)
                        .map(|g| g as u32)
                        .collect()
                }
                b"Tgid" => st.tgid = dec(value).unwrap_or(0) as i32,
                b"NStgid" => st.inner_tgid = ids(value).last().unwrap_or(0),
                b"VmLck" => st.vm_lck = kib(value),
                b"VmHWM" => st.vm_hwm = kib(value),
                b"VmRSS" => st.vm_rss = kib(value),
                b"RssAnon" => st.rss_anon = kib(value),
                b"RssFile" => st.rss_file = kib(value),
                b"RssShmem" => st.rss_shmem = kib(value),
                b"VmData" => st.vm_data = kib(value),
                b"VmStk" => st.vm_stk = kib(value),
                b"VmSwap" => st.vm_swap = kib(value),
                b"SigPnd" => st.sig_pending = hex(value),
                b"ShdPnd" => st.shd_pending = hex(value),
                b"SigBlk" => st.sig_blocked = hex(value),
                b"SigIgn" => st.sig_ignored = hex(value),
                b"SigCgt" => st.sig_caught = hex(value),
                _ => {}
            }
        }
        st
    }
}

/// What `kps show` reads from /proc/PID/status beyond [`ProcStatus`]: a
/// listing has no use for it, so it is parsed only for one process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusDetails {
    /// `NStgid`, `NSpid`, `NSpgid` and `NSsid`: the id in each PID namespace
    /// the process is in, outermost (the reader's) first.
    pub ns_tgid: Vec<i32>,
    pub ns_pid: Vec<i32>,
    pub ns_pgid: Vec<i32>,
    pub ns_sid: Vec<i32>,
    /// Capability masks: inheritable, permitted, effective, bounding, ambient.
    pub cap_inheritable: Option<u64>,
    pub cap_permitted: Option<u64>,
    pub cap_effective: Option<u64>,
    pub cap_bounding: Option<u64>,
    pub cap_ambient: Option<u64>,
    pub no_new_privs: Option<bool>,
    /// 0 disabled, 1 strict, 2 filter.
    pub seccomp: Option<u8>,
    pub seccomp_filters: Option<u64>,
    pub voluntary_switches: Option<u64>,
    pub involuntary_switches: Option<u64>,
}

impl StatusDetails {
    /// Parses the file's bytes; a line the kernel does not write stays `None`.
    pub fn parse(bytes: &[u8]) -> StatusDetails {
        let mut st = StatusDetails::default();
        for (key, value) in fields(bytes) {
            let mask = || Some(hex(value));
            match key {
                b"NStgid" => st.ns_tgid = ids(value).collect(),
                b"NSpid" => st.ns_pid = ids(value).collect(),
                b"NSpgid" => st.ns_pgid = ids(value).collect(),
                b"NSsid" => st.ns_sid = ids(value).collect(),
                b"CapInh" => st.cap_inheritable = mask(),
                b"CapPrm" => st.cap_permitted = mask(),
                b"CapEff" => st.cap_effective = mask(),
                b"CapBnd" => st.cap_bounding = mask(),
                b"CapAmb" => st.cap_ambient = mask(),
                b"NoNewPrivs" => st.no_new_privs = dec(value).map(|n| n != 0),
                b"Seccomp" => st.seccomp = dec(value).map(|n| n as u8),
                b"Seccomp_filters" => st.seccomp_filters = dec(value),
                b"voluntary_ctxt_switches" => st.voluntary_switches = dec(value),
                b"nonvoluntary_ctxt_switches" => st.involuntary_switches = dec(value),
                _ => {}
            }
        }
        st
    }
}

/// The `key: value` lines of a file such as status or fdinfo, each value
/// without the blanks around it; a line without a colon is skipped.
pub(super) fn fields(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    bytes.split(|&b| b == b'\n').filter_map(|line| {
        let colon = line.iter().position(|&b| b == b':')?;
        Some((&line[..colon], line[colon + 1..].trim_ascii()))
    })
}

/// Blank-separated ids (`NSpid:\t4321\t1`).
fn ids(bytes: &[u8]) -> impl Iterator<Item = i32> + '_ {
    bytes
        .split(|b| b.is_ascii_whitespace())
        .filter_map(dec)
        .map(|n| n as i32)
}

fn dec(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

fn hex(bytes: &[u8]) -> u64 {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| u64::from_str_radix(s, 16).ok())
        .unwrap_or(0)
}

/// `1234 kB`
fn kib(bytes: &[u8]) -> u64 {
    bytes
        .split(|b| b.is_ascii_whitespace())
        .next()
        .and_then(dec)
        .unwrap_or(0)
}

fn four_ids(bytes: &[u8]) -> [u32; 4] {
    let mut ids = [0u32; 4];
    for (slot, field) in ids.iter_mut().zip(
        bytes
            .split(|b| b.is_ascii_whitespace())
            .filter(|f| !f.is_empty()),
    ) {
        *slot = dec(field).unwrap_or(0) as u32;
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fields_kps_uses() {
        let text = b"Name:\tbad\xffname\nUmask:\t0022\nState:\tS (sleeping)\nTracerPid:\t0\n\
Uid:\t1000\t1001\t1002\t1003\nGid:\t10\t11\t12\t13\nGroups:\t4 24 27 \n\
VmLck:\t       8 kB\nVmRSS:\t    1234 kB\nRssAnon:\t 100 kB\nThreads:\t3\n\
SigBlk:\t0000000000010000\nSigCgt:\t0000000180004a02\nNoNewPrivs:\t1\n";
        let st = ProcStatus::parse(text);
        assert_eq!(st.uid, [1000, 1001, 1002, 1003]);
        assert_eq!(st.gid, [10, 11, 12, 13]);
        assert_eq!(st.groups, vec![4, 24, 27]);
        assert_eq!((st.vm_lck, st.vm_rss, st.rss_anon), (8, 1234, 100));
        assert_eq!(st.sig_blocked, 1 << 16);
        assert_eq!(st.sig_caught, 0x1_8000_4a02);
    }

    #[test]
    fn details_for_show() {
        let text = b"Tgid:\t9\nNStgid:\t4321\t1\nNSpid:\t4321\t1\nNSpgid:\t4300\t0\nNSsid:\t1\t0\n\
CapInh:\t0000000000000000\nCapEff:\t0000000000081000\nCapAmb:\t0000000000001000\n\
NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t3\nvoluntary_ctxt_switches:\t17\n\
nonvoluntary_ctxt_switches:\t2\n";
        let st = StatusDetails::parse(text);
        assert_eq!(st.ns_pid, vec![4321, 1]);
        assert_eq!(st.ns_pgid, vec![4300, 0]);
        assert_eq!(st.cap_effective, Some(0x81000));
        assert_eq!(st.cap_bounding, None);
        assert_eq!(st.no_new_privs, Some(true));
        assert_eq!((st.seccomp, st.seccomp_filters), (Some(2), Some(3)));
        assert_eq!(st.voluntary_switches, Some(17));
        assert_eq!(ProcStatus::parse(text).inner_tgid, 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        let st = ProcStatus::parse(b"Uid:\tx y\nVmRSS:\n:::\n\xff\xfe");
        assert_eq!(st.uid, [0; 4]);
    }
}
