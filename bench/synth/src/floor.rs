//! The physical floor of `check` and `report`: read every file under the
//! given folders (documents and claims files) in one process on every core,
//! and nothing else. `floor DIR...` prints the files and bytes read;
//! `floor --copy-to OUT DIR` also writes each file read to the same path
//! under OUT (the least a report of every document must do).

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

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
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
    let chunk = files.len().div_ceil(workers).max(1);
    let copy_to = copy_to.as_deref();
    let args = &args;
    let bytes: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|p| {
                            let Ok(b) = std::fs::read(p) else { return 0 };
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
                        })
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    println!("{} files, {bytes} bytes", files.len());
}
