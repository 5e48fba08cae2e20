//! `cargo xtask demo` (written below).
use anyhow::Result;
pub fn run() -> Result<()> {
    Ok(())
}
