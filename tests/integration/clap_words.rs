//! The words of kps' subcommands as clap defines them, for the property
//! tests that build command lines from them: the library's own
//! (`src/proptests.rs` includes this file) and those of the built binary.

/// Each subcommand's name and the spellings of its arguments: `--long`,
/// `--long=` and `-s`.
pub fn subcommand_words(cli: &clap::Command) -> Vec<String> {
    let mut words = Vec::new();
    for sub in cli.get_subcommands() {
        words.push(sub.get_name().to_string());
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                words.push(format!("--{long}"));
                words.push(format!("--{long}="));
            }
            if let Some(short) = arg.get_short() {
                words.push(format!("-{short}"));
            }
        }
    }
    words
}
