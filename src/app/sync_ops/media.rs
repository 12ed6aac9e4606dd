//! Finding bundles: mounted removable media (this user's first), whether a
//! path lies on them, and the bundle files at the top of folders.

use std::path::{Path, PathBuf};

/// Where removable media are mounted on Linux desktops (`/media/USER/LABEL`,
/// `/run/media/USER/LABEL`) and by hand (`/mnt/NAME`).
pub const MEDIA_ROOTS: [&str; 3] = ["/media", "/run/media", "/mnt"];
/// File names a bundle is usually given.
const BUNDLE_EXTENSIONS: [&str; 3] = ["rb", "bundle", "relais"];

/// Mounted removable media, this user's first: `/media/$USER/*`,
/// `/run/media/$USER/*`, then `/mnt/*` (and a volume mounted directly under
/// `/media` or `/run/media` on systems without a per-user folder).
pub fn removable_media() -> Vec<PathBuf> {
    let user = std::env::var("USER").unwrap_or_default();
    removable_media_under(Path::new("/"), &user)
}

/// `removable_media` below `root` (a test's stand-in for `/`).
pub fn removable_media_under(root: &Path, user: &str) -> Vec<PathBuf> {
    let subdirs = |dir: &Path| -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        dirs.sort();
        dirs
    };
    let mut found = Vec::new();
    for media in ["media", "run/media"] {
        let media = root.join(media);
        let mine = media.join(user);
        if !user.is_empty() && mine.is_dir() {
            found.extend(subdirs(&mine));
        }
        // Other users' folders hold volumes of theirs; a folder without
        // subfolders is a volume mounted directly.
        found.extend(
            subdirs(&media)
                .into_iter()
                .filter(|dir| *dir != mine && subdirs(dir).is_empty()),
        );
    }
    // `/mnt` holds folders of all kinds: only those something is mounted on.
    let mnt = root.join("mnt");
    found.extend(
        subdirs(&mnt)
            .into_iter()
            .filter(|dir| is_mount_point(&mnt, dir)),
    );
    found
}

/// Whether `dir` is on another file system than its parent (a volume is
/// mounted there).
#[cfg(unix)]
fn is_mount_point(parent: &Path, dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(parent), std::fs::metadata(dir)) {
        (Ok(parent), Ok(dir)) => parent.dev() != dir.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    true
}

/// Whether `path` lies on mounted removable media (under a media root).
pub fn on_removable_media(path: &Path) -> bool {
    MEDIA_ROOTS
        .iter()
        .any(|root| path.starts_with(root) && path != Path::new(root))
}

/// Bundle files at the top of each of `dirs`, newest first.
pub fn bundles_in(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let wanted = path
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| BUNDLE_EXTENSIONS.contains(&ext));
            if wanted && path.is_file() {
                let modified = entry
                    .metadata()
                    .and_then(|meta| meta.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                files.push((modified, path));
            }
        }
    }
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files.into_iter().map(|(_, path)| path).collect()
}
