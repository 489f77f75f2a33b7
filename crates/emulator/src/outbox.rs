//! The terminal demo's view of "sent" e-mails and SMS: new files in the outbox directory.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Watches the outbox directory for new files (files present at start are old).
pub(super) struct Outbox {
    pub dir: PathBuf,
    label: String,
    seen: HashSet<OsString>,
    /// New files and their size at the last poll: printed once the size is stable.
    growing: HashMap<OsString, u64>,
}

impl Outbox {
    pub async fn open(dir: PathBuf) -> Outbox {
        let label = dir
            .file_name()
            .map_or_else(|| "outbox".to_owned(), |n| n.to_string_lossy().into_owned());
        let mut outbox = Outbox {
            dir,
            label,
            seen: HashSet::new(),
            growing: HashMap::new(),
        };
        outbox.seen = outbox.files().await.into_keys().collect();
        outbox
    }

    async fn files(&self) -> HashMap<OsString, u64> {
        let mut files = HashMap::new();
        let Ok(mut entries) = tokio::fs::read_dir(&self.dir).await else {
            return files;
        };
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if let Ok(meta) = entry.metadata().await {
                if meta.is_file() {
                    files.insert(name, meta.len());
                }
            }
        }
        files
    }

    /// Prints files that appeared since the last polls; returns whether any was printed.
    pub async fn poll(&mut self, out: &mut impl Write) -> std::io::Result<bool> {
        let mut ready = Vec::new();
        for (name, size) in self.files().await {
            if self.seen.contains(&name) {
                continue;
            }
            if self.growing.insert(name.clone(), size) == Some(size) {
                ready.push(name);
            }
        }
        ready.sort();
        for name in &ready {
            self.growing.remove(name);
            self.seen.insert(name.clone());
            let content = tokio::fs::read(self.dir.join(name))
                .await
                .unwrap_or_default();
            let content = String::from_utf8_lossy(&content);
            writeln!(
                out,
                "── e-mail/SMS ({}/{}) ──",
                self.label,
                name.to_string_lossy()
            )?;
            writeln!(out, "{}", content.trim_end())?;
            writeln!(out, "──────────")?;
        }
        Ok(!ready.is_empty())
    }
}
