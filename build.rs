//! `lotse init` embeds every file of `themes/default/` (see `src/scaffold.rs`):
//! build lotse again when a file there is added, changed or removed.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=build.rs");
}
