//! Build plugins for `wasm32-wasip2` and lay them out as a plugins directory.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, target_dir};

/// The WebAssembly target plugins are built for.
pub const WASM_TARGET: &str = "wasm32-wasip2";

/// Plugin crates: (crate directory, output directory name under target/).
const PLUGIN_DIRS: &[(&str, &str)] = &[("plugins", "plugins"), ("tests/plugins", "test-plugins")];

/// Install the wasm target if it is missing (rustup does not do it by itself).
pub fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output()
        .context("rustup is needed to install the wasm32-wasip2 target")?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    crate::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// A plugin crate found in the tree.
struct PluginCrate {
    /// Cargo package name.
    package: String,
    /// Its directory (holds `plugin.toml`).
    dir: PathBuf,
    /// Where it is laid out: target/<out>/<dir name>/.
    out: &'static str,
}

fn find() -> Result<Vec<PluginCrate>> {
    let mut found = Vec::new();
    for (parent, out) in PLUGIN_DIRS {
        let mut dirs: Vec<_> = std::fs::read_dir(root().join(parent))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("plugin.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
            let package = manifest
                .lines()
                .find_map(|l| l.strip_prefix("name = "))
                .map(|n| n.trim().trim_matches('"').to_owned())
                .with_context(|| format!("no package name in {}/Cargo.toml", dir.display()))?;
            found.push(PluginCrate { package, dir, out });
        }
    }
    Ok(found)
}

/// Build all plugins in one cargo invocation and copy each `.wasm` with its
/// manifest to `target/<plugins|test-plugins>/<name>/`. Returns the plugins dir.
pub fn build() -> Result<PathBuf> {
    build_only(&[])
}

/// Build the plugins while `host` builds the native side, and return the
/// plugins dir. The two cargo invocations use different build directories
/// (`target/wasm32-wasip2/plugin`, `target/debug`), so they do not wait for
/// each other; on 2 cores the plugins fill the gaps where the host build
/// compiles one large crate at a time.
pub fn build_alongside(host: impl FnOnce() -> Result<()>) -> Result<PathBuf> {
    ensure_wasm_target()?;
    std::thread::scope(|s| {
        let plugins = s.spawn(build);
        let host = host();
        let plugins = plugins
            .join()
            .unwrap_or_else(|_| bail!("the plugin build panicked"));
        host?;
        plugins
    })
}

/// Like [`build`], limited to the plugin directories named in `only` (all when empty).
pub fn build_only(only: &[String]) -> Result<PathBuf> {
    ensure_wasm_target()?;
    let crates: Vec<PluginCrate> = find()?
        .into_iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| c.dir.ends_with(o)))
        .collect();
    if crates.is_empty() {
        bail!("no plugin directory matches {only:?}");
    }
    let mut args = vec!["build", "--target", WASM_TARGET, "--profile", "plugin"];
    for c in &crates {
        args.extend(["-p", c.package.as_str()]);
    }
    cargo(&args)?;
    let built = target_dir().join(WASM_TARGET).join("plugin");
    for c in &crates {
        let wasm = built.join(format!("{}.wasm", c.package.replace('-', "_")));
        let name = c.dir.file_name().expect("a directory name");
        let dest = target_dir().join(c.out).join(name);
        std::fs::create_dir_all(&dest)?;
        let component = component_name(&c.dir.join("plugin.toml"))?;
        copy_if_changed(&wasm, &dest.join(component))?;
        copy_if_changed(&c.dir.join("plugin.toml"), &dest.join("plugin.toml"))?;
    }
    Ok(target_dir().join("plugins"))
}

fn component_name(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest)?;
    match text.lines().find_map(|l| l.strip_prefix("component = ")) {
        Some(c) => Ok(c.trim().trim_matches('"').to_owned()),
        None => bail!("{} has no component = line", manifest.display()),
    }
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<()> {
    let new = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    if std::fs::read(to).ok().as_deref() != Some(new.as_slice()) {
        std::fs::write(to, new).with_context(|| format!("cannot write {}", to.display()))?;
    }
    Ok(())
}
