//! The physical floor of `check` and `report`: read every file under the
//! given folders (documents and claims files) in one process on every core,
//! and nothing else. `floor DIR...` prints the files and bytes read;
//! `floor --copy-to OUT DIR` also writes each file read to the same path
//! under OUT (the least a report of every document must do); `floor --parse
//! DIR...` also validates every file as UTF-8 and parses each `.toml` file
//! with the TOML parser `check` uses (the least any checker must do).

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            walk(&e.path(), out);
        } else if kind.is_file() {
            out.push(e.path());
        }
    }
}

/// Files a worker takes at a time: few enough to share the work evenly.
const BATCH: usize = 8;

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let parse = args.first().is_some_and(|a| a.as_os_str() == "--parse");
    if parse {
        args.remove(0);
    }
    let copy_to = if args.first().is_some_and(|a| a.as_os_str() == "--copy-to") {
        let out = args.get(1).cloned().expect("--copy-to OUT DIR");
        args.drain(..2);
        Some(out)
    } else {
        None
    };
    let mut files = Vec::new();
    for dir in &args {
        walk(dir, &mut files);
    }
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let copy_to = copy_to.as_deref();
    let args = &args;
    let files = &files;
    // Each worker takes the next few files as it becomes free, so a slow
    // stretch (the claims files, when parsed) is shared.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let next = &next;
    let one = move |p: &Path| -> u64 {
        let Ok(b) = std::fs::read(p) else { return 0 };
        if parse {
            let text = simdutf8::basic::from_utf8(&b).unwrap_or_default();
            if p.extension().is_some_and(|e| e == "toml") {
                let table = toml::de::DeTable::parse(text);
                std::hint::black_box(table.is_ok());
            }
            std::hint::black_box(text);
        }
        if let Some(out) = copy_to {
            let rel = args
                .iter()
                .find_map(|d| p.strip_prefix(d).ok())
                .unwrap_or(p);
            let to = out.join(rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).expect("create the copy's folder");
            }
            std::fs::write(&to, &b).expect("write the copy");
        }
        std::hint::black_box(b).len() as u64
    };
    let bytes: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(move || {
                    let mut sum = 0;
                    loop {
                        let from = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
                        if from >= files.len() {
                            break sum;
                        }
                        let to = (from + BATCH).min(files.len());
                        sum += files[from..to].iter().map(|p| one(p)).sum::<u64>();
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    println!("{} files, {bytes} bytes", files.len());
}
