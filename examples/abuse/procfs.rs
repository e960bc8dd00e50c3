//! What the kernel says about the server process: its resident memory now and at its peak,
//! and how many sockets it holds open. Linux only (`/proc`); elsewhere every reading is
//! `None` and the report says so.

use std::path::PathBuf;

/// Resident memory of a process, in KiB as `/proc/PID/status` gives it.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss_kb: u64,
    /// `VmHWM`: the most it was resident since it started or since [`reset_peak`].
    pub peak_kb: u64,
}

impl Memory {
    /// Resident now, in MiB.
    pub fn rss_mb(&self) -> f64 {
        self.rss_kb as f64 / 1024.0
    }

    /// The peak, in MiB.
    pub fn peak_mb(&self) -> f64 {
        self.peak_kb as f64 / 1024.0
    }
}

fn proc_file(pid: u32, name: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/{name}"))
}

/// The process's resident memory now and at its peak, or `None` when `/proc` cannot tell
/// (no such process, or not Linux).
pub fn memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(proc_file(pid, "status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
    };
    Some(Memory {
        rss_kb: field("VmRSS:")?,
        peak_kb: field("VmHWM:")?,
    })
}

/// Starts the peak (`VmHWM`) over from the current resident size, so the next reading is the
/// peak of what happened since. Writing `5` to `clear_refs` does that (Linux 4.0 on); returns
/// whether it worked, else peaks are since the process started.
pub fn reset_peak(pid: u32) -> bool {
    std::fs::write(proc_file(pid, "clear_refs"), "5").is_ok()
}

/// How many sockets the process holds open (listening and connected), or `None` when its
/// file descriptors cannot be read.
pub fn sockets(pid: u32) -> Option<usize> {
    let entries = std::fs::read_dir(proc_file(pid, "fd")).ok()?;
    let count = entries
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_link(entry.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count();
    Some(count)
}
