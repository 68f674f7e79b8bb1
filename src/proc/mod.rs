//! Reading /proc: the snapshot of processes a request needs, one process'
//! files, descriptors and sockets, and the system facts around them.

pub mod caps;
pub mod container;
pub mod container_names;
pub mod descriptors;
pub mod files;
pub mod held;
pub mod holders;
pub mod maps;
pub mod net;
pub mod pagemap;
pub mod parallel;
pub mod peers;
pub mod process;
pub mod reader;
pub mod root;
pub mod signals;
pub mod snapshot;
pub mod sockets;
pub mod status;
pub mod system;
pub mod systemd;
pub mod tty;
mod unix_diag;
pub mod users;
