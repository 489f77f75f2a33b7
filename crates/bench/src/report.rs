//! Figures: latency percentiles, memory from /proc, the bare argon2 loop, and the table.

use argon2::Params;
use secrecy::SecretString;
use std::time::{Duration, Instant};

/// p50, p95, p99 in milliseconds (None without samples).
pub fn percentiles(samples: &mut [u32]) -> Option<[f64; 3]> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_unstable();
    let at = |q: f64| {
        let rank = (q * samples.len() as f64).ceil() as usize;
        f64::from(samples[rank.clamp(1, samples.len()) - 1]) / 1000.0
    };
    Some([at(0.50), at(0.95), at(0.99)])
}

/// A process's file under /proc: `pid`'s, or this process's for `None`.
fn proc_file(pid: Option<u32>, name: &str) -> Option<String> {
    let path = pid.map_or(format!("/proc/self/{name}"), |p| {
        format!("/proc/{p}/{name}")
    });
    std::fs::read_to_string(path).ok()
}

/// A field of a process's status file in kB (VmHWM: peak resident set; VmRSS: now).
pub fn proc_status_kib(pid: Option<u32>, field: &str) -> Option<u64> {
    let status = proc_file(pid, "status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// CPU time a process has used so far (user + system), in seconds; `None` for this one.
pub fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    // A process's stat file has the fields of a thread's, summed over its threads.
    Some(ThreadStat::parse(&proc_file(pid, "stat")?)?.cpu_seconds)
}

/// One thread of a process, as its `/proc/<pid>/task/<tid>/stat` file shows it (or a whole
/// process, from `/proc/<pid>/stat`).
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadStat {
    pub name: String,
    /// user + system, in seconds.
    pub cpu_seconds: f64,
    /// The scheduling policy (`SCHED_OTHER`, `SCHED_BATCH`, …).
    pub policy: u32,
}

impl ThreadStat {
    /// Parses a `stat` line; `None` if it is not one.
    fn parse(stat: &str) -> Option<ThreadStat> {
        // The name is in parentheses and may itself hold spaces or parentheses.
        let (_, rest) = stat.split_once('(')?;
        let (name, fields) = rest.rsplit_once(')')?;
        let fields: Vec<&str> = fields.split_whitespace().collect();
        Some(ThreadStat {
            name: name.to_string(),
            cpu_seconds: stat_cpu_seconds(&fields)?,
            // Field 41 of the line; the list starts at field 3.
            policy: fields.get(38)?.parse().ok()?,
        })
    }
}

/// The threads of process `pid` now; a thread that ends while it is read is left out.
pub fn threads(pid: u32) -> Option<Vec<ThreadStat>> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let threads = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("stat")).ok())
        .filter_map(|stat| ThreadStat::parse(&stat))
        .collect();
    Some(threads)
}

/// CPU time used so far by those of process `pid`'s threads whose name starts with
/// `prefix`, in seconds.
pub fn threads_cpu_seconds(pid: u32, prefix: &str) -> Option<f64> {
    let threads = threads(pid)?;
    let matching = threads.iter().filter(|t| t.name.starts_with(prefix));
    Some(matching.map(|t| t.cpu_seconds).sum())
}

/// utime + stime from the fields of a `stat` line after the command name, in seconds.
fn stat_cpu_seconds(fields: &[&str]) -> Option<f64> {
    // The list starts at field 3 (state); utime is field 14, stime 15.
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (per_second > 0).then(|| ticks / per_second as f64)
}

/// What a bare argon2id loop did: hashes a second, and the CPU time each took.
#[derive(Debug, Clone, Copy)]
pub struct BareLoop {
    pub per_s: f64,
    /// CPU time per hash, in ms (`None` where /proc cannot be read).
    pub cpu_ms: Option<f64>,
}

/// argon2id hashes per second with `threads` threads hashing in a tight loop, for about
/// `duration`: the ceiling the bot's resets are compared with.
pub fn bare_argon2(
    params: &Params,
    threads: usize,
    duration: Duration,
) -> anyhow::Result<BareLoop> {
    let started = Instant::now();
    let password = SecretString::from("violet harbour kettles drum slowly");
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<(u64, Option<f64>)> {
                    let cpu_before = this_thread_cpu_seconds();
                    let mut done = 0;
                    while started.elapsed() < duration {
                        recovery_bot::hashing::hash_blocking(params, &password)?;
                        done += 1;
                    }
                    let cpu = this_thread_cpu_seconds()
                        .zip(cpu_before)
                        .map(|(b, a)| b - a);
                    Ok((done, cpu))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| anyhow::anyhow!("an argon2 thread panicked"))?
            })
            .collect::<anyhow::Result<Vec<(u64, Option<f64>)>>>()
    })?;
    let total: u64 = counts.iter().map(|c| c.0).sum();
    let cpu: Option<f64> = counts.iter().map(|c| c.1).sum();
    Ok(BareLoop {
        per_s: total as f64 / started.elapsed().as_secs_f64(),
        cpu_ms: cpu.filter(|_| total > 0).map(|s| s * 1000.0 / total as f64),
    })
}

/// CPU time the calling thread has used so far, in seconds.
fn this_thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    Some(ThreadStat::parse(&stat)?.cpu_seconds)
}

/// One line of the result table: what, the value, the target and whether it is met.
pub struct Row {
    pub figure: String,
    pub value: String,
    pub target: String,
    pub met: Option<bool>,
}

impl Row {
    pub fn new(figure: impl Into<String>, value: impl Into<String>) -> Row {
        Row {
            figure: figure.into(),
            value: value.into(),
            target: String::new(),
            met: None,
        }
    }

    pub fn target(mut self, target: &str, met: bool) -> Row {
        self.target = target.into();
        self.met = Some(met);
        self
    }

    /// A target shown without saying whether it is met.
    pub fn unjudged(mut self, target: &str) -> Row {
        self.target = target.into();
        self
    }
}

/// The table as Markdown, so it can go into the README as printed.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from("| figure | value | target | met |\n|---|---|---|---|\n");
    for row in rows {
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            row.figure, row.value, row.target, met
        ));
    }
    out
}

pub fn ms(samples: Option<[f64; 3]>) -> String {
    match samples {
        Some([p50, p95, p99]) => format!("{p50:.1} / {p95:.1} / {p99:.1} ms"),
        None => "no samples".into(),
    }
}

pub fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut samples: Vec<u32> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentiles(&mut samples), Some([50.0, 95.0, 99.0]));
        assert_eq!(percentiles(&mut []), None);
    }

    #[test]
    fn reads_its_own_memory_and_cpu_time() {
        assert!(proc_status_kib(None, "VmRSS").is_some_and(|kib| kib > 0));
        let before = cpu_seconds(None).expect("cpu time");
        let spin = std::time::Instant::now();
        while spin.elapsed() < Duration::from_millis(50) {
            std::hint::black_box(0u64);
        }
        assert!(cpu_seconds(None).is_some_and(|after| after >= before));
    }

    #[test]
    fn reads_the_threads_of_a_process() {
        // Fields 3 to 52 after the name: the state, then numbers; utime 300, stime 100,
        // policy 3.
        let mut fields = vec!["0"; 50];
        fields[0] = "S";
        (fields[11], fields[12], fields[38]) = ("300", "100", "3");
        let stat = format!("7 (a (b) c) {}", fields.join(" "));
        let thread = ThreadStat::parse(&stat).expect("a stat line");
        assert_eq!(thread.name, "a (b) c");
        assert_eq!(thread.policy, 3);
        // SAFETY: sysconf only reads a system constant.
        let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        assert!((thread.cpu_seconds - 400.0 / per_second).abs() < 1e-9);
        assert_eq!(ThreadStat::parse("not a stat line"), None);

        let ours = threads(std::process::id()).expect("this process's threads");
        // SAFETY: reads the calling thread's policy; no memory is passed.
        let policy = unsafe { libc::sched_getscheduler(0) } as u32;
        assert!(ours.iter().any(|t| t.policy == policy));
    }
}
