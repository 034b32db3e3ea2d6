//! The threads `serve`'s builds run on, so that the memory a build frees goes back to the
//! system once the build is done instead of staying with idle threads.
//!
//! The allocator (mimalloc, `src/main.rs`) keeps freed memory with the thread that owns it until
//! that thread allocates or frees again, and gives empty memory back to the system only some
//! time (a second) after it was freed, when a thread next takes new memory or ends. A server
//! that has just built its site is idle: the workers of a long-lived thread pool would keep the
//! build's peak (the rendered site, freed once written to the output folder; the parse,
//! resolve and render scratch) for as long as no rebuild runs. So every build, rebuild and data
//! release runs on a thread pool of its own ([`on_own_pool`]), whose threads end when it is
//! done (the allocator then takes back what they freed, and what other threads freed of theirs),
//! and a short-lived thread ends a little later ([`return_freed_memory_soon`]), which lets the
//! allocator give what is empty back to the system. Without the allocator this costs two
//! thread starts per build and changes nothing else: the work and its results are the same.

use std::time::Duration;

/// How long after a build the allocator is asked to give back what is free: its delay before
/// memory freed is given back (mimalloc's `purge_delay`, 1 s by default), and some more.
const RETURN_AFTER: [Duration; 2] = [Duration::from_millis(1_200), Duration::from_millis(3_000)];

/// Runs `work` on a new thread pool (as many threads as rayon's global pool would have; every
/// `rayon` call in `work` runs there, `rayon::spawn` included) and returns once `work` and
/// everything it spawned are done and every thread of the pool has ended. When no pool can be
/// made, `work` runs on the calling thread with the global pool.
pub(super) fn on_own_pool<T: Send>(name: &str, work: impl FnOnce() -> T + Send) -> T {
    let handles = std::sync::Mutex::new(Vec::new());
    let built = rayon::ThreadPoolBuilder::new()
        .spawn_handler(|thread| {
            let handle = std::thread::Builder::new()
                .name(format!("{name}-{}", thread.index()))
                .spawn(|| thread.run())?;
            handles
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(handle);
            Ok(())
        })
        .build();
    let Ok(pool) = built else {
        return work();
    };
    let result = pool.install(work);
    // Ends the pool: its threads finish what was spawned on them, then end.
    drop(pool);
    for handle in handles.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        let _ = handle.join();
    }
    return_freed_memory_soon();
    result
}

/// Lets the allocator give the memory freed by now back to the system soon: a thread that waits
/// for the allocator's delay, then starts and ends another thread (a thread's end is when
/// mimalloc gives back every empty span whose delay has passed).
pub(super) fn return_freed_memory_soon() {
    let _ = std::thread::Builder::new()
        .name("dossier-return-memory".into())
        .spawn(|| {
            for delay in RETURN_AFTER {
                std::thread::sleep(delay);
                let ended = std::thread::Builder::new()
                    .name("dossier-return-memory".into())
                    .spawn(|| std::hint::black_box(Box::new(0_u64)))
                    .map(std::thread::JoinHandle::join);
                if ended.is_err() {
                    return;
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::on_own_pool;

    /// The names of this process's threads now.
    fn thread_names() -> Vec<String> {
        std::fs::read_dir("/proc/self/task")
            .map(|tasks| {
                tasks
                    .flatten()
                    .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
                    .map(|name| name.trim().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The work (and what it spawns with rayon) runs on the pool's own threads, not the global
    /// pool's, and by the time `on_own_pool` returns every one of those threads has ended.
    #[test]
    fn work_runs_on_threads_that_have_ended_when_it_returns() {
        let spawned = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = spawned.clone();
        let (name, inner) = on_own_pool("dossier-test-pool", move || {
            use rayon::prelude::*;
            let name = std::thread::current().name().map(str::to_owned);
            let inner: Vec<Option<String>> = (0..64)
                .into_par_iter()
                .map(|_| std::thread::current().name().map(str::to_owned))
                .collect();
            rayon::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            (name, inner)
        });
        assert!(name.is_some_and(|name| name.starts_with("dossier-test-pool-")));
        assert!(
            inner
                .iter()
                .all(|n| n.as_deref().is_some_and(|n| n.starts_with("dossier-test-pool-")))
        );
        // What the work spawned is done too.
        assert!(spawned.load(std::sync::atomic::Ordering::SeqCst));
        if std::path::Path::new("/proc/self/task").exists() {
            // Linux shows a thread's name cut to 15 bytes.
            assert!(
                !thread_names().iter().any(|n| n.starts_with("dossier-test-po")),
                "{:?}",
                thread_names()
            );
        }
    }
}
