//! The files a process has mapped, from /proc/PID/maps: its shared libraries,
//! its executable and any file it mapped itself (lsof's `mem` rows).

/// One line of /proc/PID/maps that maps a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappedFile<'a> {
    /// The device as `stat` gives it (`st_dev`).
    pub dev: u64,
    pub ino: u64,
    /// The path as the kernel prints it, ` (deleted)` removed.
    pub path: &'a [u8],
    /// The kernel marks a mapping of an unlinked file with ` (deleted)`.
    pub deleted: bool,
}

const DELETED: &[u8] = b" (deleted)";

/// The lines of a maps file that map a file, in the file's order; a file
/// mapped in several pieces comes once per piece. Anonymous memory, the heap,
/// the stack and the vdso (inode 0) are left out.
pub fn mapped_files(maps: &[u8]) -> impl Iterator<Item = MappedFile<'_>> {
    maps.split(|&b| b == b'\n').filter_map(parse_line)
}

/// `start-end perms offset major:minor inode path`, numbers in hex but the inode.
fn parse_line(line: &[u8]) -> Option<MappedFile<'_>> {
    let mut rest = line;
    let mut field = || {
        rest = rest.trim_ascii_start();
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        word
    };
    let (_range, _perms, _offset, dev, inode) = (field(), field(), field(), field(), field());
    let ino: u64 = std::str::from_utf8(inode).ok()?.parse().ok()?;
    if ino == 0 {
        return None;
    }
    let colon = dev.iter().position(|&b| b == b':')?;
    let major = u32::from_str_radix(std::str::from_utf8(&dev[..colon]).ok()?, 16).ok()?;
    let minor = u32::from_str_radix(std::str::from_utf8(&dev[colon + 1..]).ok()?, 16).ok()?;
    let path = rest.trim_ascii_start();
    let deleted = path.ends_with(DELETED);
    let path = if deleted {
        &path[..path.len() - DELETED.len()]
    } else {
        path
    };
    Some(MappedFile {
        dev: libc::makedev(major, minor),
        ino,
        path,
        deleted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_lines_give_device_inode_and_path() {
        let maps =
            b"55d0c000-55d0d000 r--p 00000000 fe:00 247003                     /usr/bin/bash\n\
7f00-7f01 rw-p 00000000 00:00 0 \n\
7f01-7f02 rw-s 00000000 00:01 1043 /memfd:x (deleted)\n\
7ffd-7ffe rw-p 00000000 00:00 0                          [stack]\n\
7f02-7f03 r--p 00000000 103:02 12 /a b\n";
        let files: Vec<MappedFile> = mapped_files(maps).collect();
        assert_eq!(files.len(), 3);
        assert_eq!(files[0].dev, libc::makedev(0xfe, 0));
        assert_eq!(files[0].ino, 247003);
        assert_eq!(files[0].path, b"/usr/bin/bash");
        assert!(!files[0].deleted);
        assert_eq!(files[1].path, b"/memfd:x");
        assert!(files[1].deleted);
        assert_eq!(files[2].dev, libc::makedev(0x103, 2));
        assert_eq!(files[2].path, b"/a b");
    }

    #[test]
    fn malformed_lines_are_skipped() {
        assert_eq!(mapped_files(b"garbage\n1-2 r 0 zz:00 5 /x\n\n").count(), 0);
    }
}
