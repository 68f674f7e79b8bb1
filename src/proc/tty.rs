//! Terminal device numbers (stat's `tty_nr`) to names like `pts/3`, `tty1`, `ttyS0`.

use std::collections::HashMap;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::fs::MetadataExt;

/// One line of /proc/tty/drivers: the device prefix and the minors it serves.
struct Driver {
    /// Device path without `/dev/`, like `pts` or `ttyS`.
    prefix: String,
    major: u32,
    minors: (u32, u32),
}

/// Names for the terminals of one snapshot, resolved once per device.
#[derive(Default)]
pub struct TtyNames {
    names: HashMap<i32, String>,
    drivers: Option<Vec<Driver>>,
}

pub fn major(tty_nr: i32) -> u32 {
    ((tty_nr as u32) >> 8) & 0xfff
}

pub fn minor(tty_nr: i32) -> u32 {
    let dev = tty_nr as u32;
    (dev & 0xff) | ((dev >> 12) & 0xfff00)
}

impl TtyNames {
    pub fn add(&mut self, tty_nr: i32) {
        if tty_nr == 0 || self.names.contains_key(&tty_nr) {
            return;
        }
        let name = self.resolve(tty_nr);
        self.names.insert(tty_nr, name);
    }

    /// The name without `/dev/`, or `?` for no terminal.
    pub fn name(&self, tty_nr: i32) -> &str {
        self.names.get(&tty_nr).map(String::as_str).unwrap_or("?")
    }

    /// Like procps: first the kernel's driver table checked against /dev, then the
    /// conventional names of the well-known majors, then `major,minor`.
    fn resolve(&mut self, tty_nr: i32) -> String {
        let (maj, min) = (major(tty_nr), minor(tty_nr));
        if let Some(name) = self.lookup_driver_table(maj, min) {
            return name;
        }
        if let Some(name) = conventional_name(maj, min) {
            return name;
        }
        format!("{maj},{min}")
    }

    fn lookup_driver_table(&mut self, maj: u32, min: u32) -> Option<String> {
        let drivers = self.drivers.get_or_insert_with(read_drivers);
        let driver = drivers
            .iter()
            .find(|d| d.major == maj && d.minors.0 <= min && min <= d.minors.1)?;
        [
            format!("{}{}", driver.prefix, min),
            format!("{}/{}", driver.prefix, min),
        ]
        .into_iter()
        .find(|name| is_device(&format!("/dev/{name}"), maj, min))
    }
}

fn is_device(path: &str, maj: u32, min: u32) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let rdev = meta.rdev();
    meta.file_type().is_char_device() && libc::major(rdev) == maj && libc::minor(rdev) == min
}

fn conventional_name(maj: u32, min: u32) -> Option<String> {
    match maj {
        4 if min < 64 => Some(format!("tty{min}")),
        4 => Some(format!("ttyS{}", min - 64)),
        136..=143 => Some(format!("pts/{}", min + (maj - 136) * 256)),
        _ => None,
    }
}

/// The running system's tty drivers, whatever `--proc` says: terminal names
/// are looked up in this system's /dev, and its drivers name them.
fn read_drivers() -> Vec<Driver> {
    let Ok(text) = std::fs::read_to_string("/proc/tty/drivers") else {
        return Vec::new();
    };
    text.lines().filter_map(parse_driver_line).collect()
}

/// `pty_slave  /dev/pts  136 0-1048575 pty:slave`
fn parse_driver_line(line: &str) -> Option<Driver> {
    let mut fields = line.split_whitespace();
    let _driver = fields.next()?;
    let path = fields.next()?;
    let major = fields.next()?.parse().ok()?;
    let range = fields.next()?;
    let minors = match range.split_once('-') {
        Some((lo, hi)) => (lo.parse().ok()?, hi.parse().ok()?),
        None => {
            let only = range.parse().ok()?;
            (only, only)
        }
    };
    let prefix = path.strip_prefix("/dev/")?.to_string();
    Some(Driver {
        prefix,
        major,
        minors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_numbers_split_like_the_kernel() {
        // pts/3 is major 136, minor 3; the kernel encodes large minors above bit 20.
        assert_eq!((major(34819), minor(34819)), (136, 3));
        let big = (136 << 8) | (0x12 << 20) | 0x34;
        assert_eq!((major(big), minor(big)), (136, 0x1234));
    }

    #[test]
    fn driver_lines_parse() {
        let d = parse_driver_line("pty_slave /dev/pts 136 0-1048575 pty:slave").unwrap();
        assert_eq!(
            (d.prefix.as_str(), d.major, d.minors),
            ("pts", 136, (0, 1048575))
        );
        let d = parse_driver_line("serial /dev/ttyS 4 64 serial").unwrap();
        assert_eq!(d.minors, (64, 64));
    }

    #[test]
    fn well_known_majors_have_names() {
        assert_eq!(conventional_name(4, 1).as_deref(), Some("tty1"));
        assert_eq!(conventional_name(4, 65).as_deref(), Some("ttyS1"));
        assert_eq!(conventional_name(137, 2).as_deref(), Some("pts/258"));
    }
}
