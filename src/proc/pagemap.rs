//! Which of a process' resident pages are still the very pages of its parent:
//! after fork both map the same physical frames until one of them writes to a
//! page (copy on write). /proc/PID/pagemap gives the frame behind each virtual
//! page; the same address in parent and child shows the same frame for as long
//! as the page was never written.
//!
//! The kernel gives frame numbers only to CAP_SYS_ADMIN (others read zeros).

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use crate::proc::root::ProcRoot;

/// One pagemap entry: bit 63 present, bit 62 swapped, bits 0-54 the frame.
const PRESENT: u64 = 1 << 63;
const SWAPPED: u64 = 1 << 62;
const PFN_MASK: u64 = (1 << 55) - 1;
/// /proc/kpageflags: a compound page that is a transparent huge page, or a
/// hugetlbfs page.
const KPF_HUGE: u64 = 1 << 17;
const KPF_THP: u64 = 1 << 22;
/// Entries read at once: 4 MiB of address space per read, 8 KiB of entries;
/// a multiple of a huge page's base pages.
const CHUNK: usize = 1024;
/// A huge page on x86-64 and arm64 (4 KiB pages): 512 base pages.
const HUGE_PAGES: usize = 512;

/// A process' resident memory against its parent's, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CowSplit {
    /// The same frames as the parent at the same address: not written since fork.
    pub shared: u64,
    /// Resident at an address where the parent has a page too, but another
    /// frame: written (and so copied) since fork by one of them.
    pub copied: u64,
    /// Resident where the parent has nothing resident: the process' own.
    pub own: u64,
    /// In transparent or hugetlbfs huge pages, shared or not.
    pub huge: u64,
    /// Swapped out: no frame to compare.
    pub swapped: u64,
}

/// Why pages could not be compared.
#[derive(Debug)]
pub enum CowError {
    /// Frame numbers read as zero: the caller lacks CAP_SYS_ADMIN.
    NoFrames,
    Io(io::Error),
}

impl From<io::Error> for CowError {
    fn from(e: io::Error) -> CowError {
        CowError::Io(e)
    }
}

/// Compares the resident pages of `pid` with those of `parent` at the same
/// addresses, over the mappings of `pid`.
pub fn compare(root: &ProcRoot, pid: i32, parent: i32) -> Result<CowSplit, CowError> {
    let maps = std::fs::read(root.path(&format!("{pid}/maps")))?;
    let child = File::open(root.path(&format!("{pid}/pagemap")))?;
    let parent = File::open(root.path(&format!("{parent}/pagemap")))?;
    // Without it, huge pages are counted as the small pages they are made of.
    let flags = File::open(root.path("kpageflags")).ok();
    let page = page_size();
    let mut split = CowSplit::default();
    let mut mine = vec![0u64; CHUNK];
    let mut theirs = vec![0u64; CHUNK];
    for (start, end) in ranges(&maps) {
        // vsyscall lies above the range pagemap answers for.
        if start >= 1 << 47 {
            continue;
        }
        let mut vpage = start / page;
        let last = end / page;
        while vpage < last {
            // Chunks end on multiples of CHUNK, so no huge page straddles two.
            let to_boundary = CHUNK as u64 - vpage % CHUNK as u64;
            let n = (last - vpage).min(to_boundary) as usize;
            let offset = vpage * 8;
            let got = read_entries(&child, offset, &mut mine[..n])?;
            let theirs_got = read_entries(&parent, offset, &mut theirs[..n]).unwrap_or(0);
            theirs[theirs_got..n].fill(0);
            let mut i = 0;
            while i < got {
                let entry = mine[i];
                if entry & SWAPPED != 0 {
                    split.swapped += page;
                } else if entry & PRESENT != 0 {
                    let pfn = entry & PFN_MASK;
                    // No frame is numbered 0 that a process could map.
                    if pfn == 0 {
                        return Err(CowError::NoFrames);
                    }
                    if let Some(run) = huge_run(&mine[i..got], vpage + i as u64, flags.as_ref()) {
                        split.huge += run as u64 * page;
                        i += run;
                        continue;
                    }
                    let other = theirs[i];
                    if other & PRESENT != 0 && other & PFN_MASK == pfn {
                        split.shared += page;
                    } else if other & (PRESENT | SWAPPED) != 0 {
                        split.copied += page;
                    } else {
                        split.own += page;
                    }
                }
                i += 1;
            }
            vpage += n as u64;
        }
    }
    Ok(split)
}

/// With huge page flags readable: the length of the huge page starting at
/// this entry, which a huge page maps at an aligned address to aligned,
/// consecutive frames.
fn huge_run(entries: &[u64], vpage: u64, flags: Option<&File>) -> Option<usize> {
    let flags = flags?;
    let pfn = entries[0] & PFN_MASK;
    let huge = HUGE_PAGES as u64;
    if !vpage.is_multiple_of(huge) || !pfn.is_multiple_of(huge) {
        return None;
    }
    let mut word = [0u8; 8];
    flags.read_exact_at(&mut word, pfn * 8).ok()?;
    if u64::from_ne_bytes(word) & (KPF_THP | KPF_HUGE) == 0 {
        return None;
    }
    // The rest of the huge page, as far as this chunk goes.
    let run = entries
        .iter()
        .take(HUGE_PAGES)
        .enumerate()
        .take_while(|&(k, &e)| e & PRESENT != 0 && e & PFN_MASK == pfn + k as u64)
        .count();
    Some(run)
}

/// Reads whole entries at `offset`; how many were read (fewer at the end of
/// the address space).
fn read_entries(file: &File, offset: u64, entries: &mut [u64]) -> io::Result<usize> {
    let mut bytes = vec![0u8; entries.len() * 8];
    let mut done = 0;
    while done < bytes.len() {
        match file.read_at(&mut bytes[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    for (entry, word) in entries.iter_mut().zip(bytes[..done].chunks_exact(8)) {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(word);
        *entry = u64::from_ne_bytes(raw);
    }
    Ok(done / 8)
}

/// `start-end` of each line of a maps file.
fn ranges(maps: &[u8]) -> impl Iterator<Item = (u64, u64)> + '_ {
    maps.split(|&b| b == b'\n').filter_map(|line| {
        let range = line.split(|&b| b == b' ').next()?;
        let dash = range.iter().position(|&b| b == b'-')?;
        let hex = |s: &[u8]| u64::from_str_radix(std::str::from_utf8(s).ok()?, 16).ok();
        Some((hex(&range[..dash])?, hex(&range[dash + 1..])?))
    })
}

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_from_maps_lines() {
        let maps = b"55d0a000-55d0b000 r--p 00000000 08:01 42 /bin/x\n\
7ffd1000-7ffd3000 rw-p 00000000 00:00 0  [stack]\n";
        let got: Vec<_> = ranges(maps).collect();
        assert_eq!(got, [(0x55d0a000, 0x55d0b000), (0x7ffd1000, 0x7ffd3000)]);
    }
}
