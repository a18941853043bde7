//! basemap-build: simplifies, quantises and encodes the GeoJSON that extract.mjs and places.py
//! wrote into the one offline basemap asset. See README.md for the whole pipeline.
//!
//!     cargo run -p basemap-build -- [source-dir] [asset-file]
//!
//! Defaults: target/basemap-src and www/basemap/afghanistan.json.

mod asset;
mod build;
mod label;
mod levels;
mod quantise;
mod roundtrip;
mod simplify;
mod sources;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flate2::write::GzEncoder;
use flate2::Compression;

/// The gzip budget of the asset, in bytes.
const BUDGET_GZIPPED: usize = 300 * 1024;

fn gzipped_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

fn run(source_dir: &Path, out: &Path) -> Result<(), String> {
    let asset = build::build(source_dir)?;
    let json = serde_json::to_string(&asset).map_err(|e| e.to_string())?;
    roundtrip::check(&json, source_dir)?;
    let gzipped = gzipped_len(json.as_bytes())?;
    if gzipped > BUDGET_GZIPPED {
        return Err(format!(
            "the asset is {gzipped} bytes gzipped, over the {BUDGET_GZIPPED} byte budget: raise the tolerances"
        ));
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, &json).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {}: {} bytes, {gzipped} bytes gzipped", out.display(), json.len());
    build::print_point_counts(&asset);
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let source_dir = PathBuf::from(args.next().unwrap_or_else(|| "target/basemap-src".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "www/basemap/afghanistan.json".into()));
    match run(&source_dir, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("basemap-build: {message}");
            ExitCode::FAILURE
        }
    }
}
