//! `cargo xtask load`: the mixed load against the release server at 16, 256 and 1,000
//! clients (`server/benches/load.rs` says what it does and reports). Not part of `test`:
//! its numbers are reported, never asserted.

use crate::proc::{self, command, secs, timed};

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "unknown option `{unknown}` (load takes none; LEV_LOAD_CLIENTS=16,256,1000 and LEV_LOAD_SECS=10 choose the runs)"
        ));
    }
    let mut load = command("cargo");
    load.args(["bench", "--quiet", "-p", "lev-server", "--bench", "load"]);
    let (result, took) = timed(|| proc::run(&mut load));
    result?;
    println!("load: done ({})", secs(took));
    Ok(())
}
