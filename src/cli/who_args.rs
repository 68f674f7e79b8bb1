//! The arguments of `kps who`, and the shapes a target may take.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use clap::Args;

use crate::render::color::ColorChoice;

/// Show which processes hold a port, file, directory, socket or pipe.
///
/// One line per process and use: PID, user, command, the use (`fd 7 (rw)`,
/// or `cwd`, `rtd`, `txt`, `mem` as lsof names them) and what matched.
/// TARGET is a port (`:8080`, `tcp:8080`, `udp:53`, `127.0.0.1:8080`,
/// `[::1]:8080`: sockets whose local or remote end matches, TCP and UDP,
/// IPv4 and IPv6, in every network namespace), a path (a file, directory,
/// device or unix socket: processes that have it open, mapped, or as their
/// cwd, root or executable), `pipe:[INODE]`, `socket:[INODE]` or
/// `anon_inode:NAME`. Connections between two local processes name the
/// process at the other end. Exits 1 when nothing holds a target.
#[derive(Debug, Args)]
pub struct WhoArgs {
    /// What to look for. A word that could be either a path or a port is a
    /// port: write `./name` for a file.
    #[arg(value_name = "TARGET", value_parser = parse_target, required_unless_present_any = ["deleted", "under"])]
    pub targets: Vec<Target>,

    /// Every file and directory below DIR too, without following symlinks out
    /// of it (lsof +D).
    #[arg(long, value_name = "DIR")]
    pub under: Vec<PathBuf>,

    /// Every open or mapped file whose link count is zero (lsof +L1).
    #[arg(long)]
    pub deleted: bool,

    /// Print one JSON array, one object per process and use.
    #[arg(long, conflicts_with = "pids")]
    pub json: bool,

    /// Print CSV: a header row of the JSON keys, then one row per process and
    /// use (RFC 4180 quoting; no raw control byte).
    #[arg(long, conflicts_with_all = ["pids", "json"])]
    pub csv: bool,

    /// Print only the PIDs, one per line, each once (for xargs, like fuser
    /// and pgrep).
    #[arg(long)]
    pub pids: bool,

    /// When to colour output: headers, states, high %CPU and %MEM, your own
    /// processes, the same scheme in every view (see COLOUR in kps(1)).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t)]
    pub color: ColorChoice,

    /// Read processes from this mount of the proc file system instead of
    /// /proc, such as a host's /proc mounted in a container. User and
    /// terminal names still come from the running system.
    #[arg(long = "proc", value_name = "DIR", default_value = "/proc")]
    pub proc_root: PathBuf,
}

/// Which transport a port target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Any,
    Tcp,
    Udp,
}

/// One target as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Port {
        transport: Transport,
        /// The addresses the endpoint must have; empty for any.
        hosts: Vec<IpAddr>,
        port: u16,
        /// The word as given, to name the target in messages.
        text: String,
    },
    Pipe(u64),
    Socket(u64),
    /// An anonymous inode by name (`eventfd`, `inotify`, ...).
    Anon(String),
    Path(PathBuf),
}

impl Target {
    /// How the target reads in messages and in the `target` JSON key.
    pub fn text(&self) -> String {
        match self {
            Target::Port { text, .. } => text.clone(),
            Target::Pipe(inode) => format!("pipe:[{inode}]"),
            Target::Socket(inode) => format!("socket:[{inode}]"),
            Target::Anon(name) => format!("anon_inode:[{name}]"),
            Target::Path(path) => path.to_string_lossy().into_owned(),
        }
    }
}

/// Reads one TARGET word. A word with `KIND:` in front of a number or an
/// address is a socket, and an unknown KIND an error; anything else a path.
pub fn parse_target(word: &str) -> Result<Target, String> {
    if word.starts_with('/') || word.starts_with('.') {
        return Ok(Target::Path(PathBuf::from(word)));
    }
    if let Some(rest) = word.strip_prefix("pipe:") {
        return Ok(Target::Pipe(inode_of(rest)?));
    }
    if let Some(rest) = word.strip_prefix("socket:") {
        return Ok(Target::Socket(inode_of(rest)?));
    }
    if let Some(rest) = word.strip_prefix("anon_inode:") {
        let name = rest.trim_start_matches('[').trim_end_matches(']');
        if name.is_empty() {
            return Err("anon_inode: needs a name, as in anon_inode:[eventfd]".to_string());
        }
        return Ok(Target::Anon(name.to_string()));
    }
    for (prefix, transport) in [("tcp:", Transport::Tcp), ("udp:", Transport::Udp)] {
        if let Some(rest) = word.strip_prefix(prefix) {
            return port_target(word, transport, rest);
        }
    }
    if word.starts_with(':') || word.starts_with('[') {
        return port_target(word, Transport::Any, word);
    }
    if let Some((head, tail)) = word.split_once(':') {
        let address_like = head.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if head == "localhost" || head == "*" || address_like {
            return port_target(word, Transport::Any, word);
        }
        let kind_like = !head.is_empty()
            && head
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let socket_like = tail.starts_with(|c: char| c.is_ascii_digit() || c == '[' || c == ':');
        if kind_like && socket_like {
            return Err(format!(
                "unknown socket kind '{head}' (tcp, udp, pipe, socket or anon_inode; \
                 write ./{word} for a file)"
            ));
        }
    }
    Ok(Target::Path(PathBuf::from(word)))
}

fn inode_of(text: &str) -> Result<u64, String> {
    let digits = text.trim_start_matches('[').trim_end_matches(']');
    digits
        .parse()
        .map_err(|_| format!("'{text}' is not an inode number, as in pipe:[12345]"))
}

/// `:PORT`, `PORT`, `HOST:PORT` or `[V6]:PORT`.
fn port_target(word: &str, transport: Transport, spec: &str) -> Result<Target, String> {
    let (host, port) = match spec.rsplit_once(':') {
        Some((host, port)) => (host, port),
        None => ("", spec),
    };
    let port: u16 = port
        .parse()
        .map_err(|_| format!("malformed port '{port}': a number from 0 to 65535"))?;
    let hosts = match host {
        "" | "*" => Vec::new(),
        "localhost" => vec![
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ],
        _ => {
            let bare = host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or(host);
            let ip: IpAddr = bare
                .parse()
                .map_err(|_| format!("malformed address '{host}': an IPv4 address or [IPv6]"))?;
            if matches!(ip, IpAddr::V6(_)) && bare == host {
                return Err(format!(
                    "write the IPv6 address in brackets: [{host}]:{port}"
                ));
            }
            vec![ip]
        }
    };
    Ok(Target::Port {
        transport,
        hosts,
        port,
        text: word.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(word: &str) -> (Transport, Vec<IpAddr>, u16) {
        match parse_target(word) {
            Ok(Target::Port {
                transport,
                hosts,
                port,
                ..
            }) => (transport, hosts, port),
            other => panic!("{word}: {other:?}"),
        }
    }

    #[test]
    fn ports_take_every_spelling() {
        assert_eq!(port(":8080"), (Transport::Any, vec![], 8080));
        assert_eq!(port("tcp:8080"), (Transport::Tcp, vec![], 8080));
        assert_eq!(port("udp:53"), (Transport::Udp, vec![], 53));
        let v4: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(port("127.0.0.1:80"), (Transport::Any, vec![v4], 80));
        assert_eq!(port("tcp:127.0.0.1:80"), (Transport::Tcp, vec![v4], 80));
        let v6: IpAddr = "::1".parse().unwrap();
        assert_eq!(port("[::1]:8080"), (Transport::Any, vec![v6], 8080));
        assert_eq!(port("localhost:1").1.len(), 2);
    }

    #[test]
    fn inodes_and_anonymous_inodes() {
        assert_eq!(parse_target("pipe:[42]"), Ok(Target::Pipe(42)));
        assert_eq!(parse_target("socket:[7]"), Ok(Target::Socket(7)));
        assert_eq!(parse_target("socket:7"), Ok(Target::Socket(7)));
        assert_eq!(
            parse_target("anon_inode:[eventfd]"),
            Ok(Target::Anon("eventfd".to_string()))
        );
    }

    #[test]
    fn paths_and_errors() {
        assert_eq!(
            parse_target("/var/log"),
            Ok(Target::Path(PathBuf::from("/var/log")))
        );
        assert_eq!(
            parse_target("notes.txt"),
            Ok(Target::Path(PathBuf::from("notes.txt")))
        );
        for (word, error) in [
            (":99999", "malformed port"),
            (":http", "malformed port"),
            ("tcp:", ""),
            ("pipe:[x]", ""),
            ("sctp:80", "unknown socket kind"),
            ("1.2.3:80", "malformed address"),
            ("::1:80", ""),
        ] {
            let said = parse_target(word).expect_err(word);
            assert!(said.contains(error), "{word}: {said}");
        }
    }
}
