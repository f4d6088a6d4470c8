/**
 * V8 heap limits the processor runs with (Dockerfile, `npm start`, `bench:load`, `bench:ingest`): back-pressure
 * bounds the live data (about 80 MB of heap under overload), so a smaller old space makes V8 collect garbage sooner
 * instead of letting it pile up to the default ~2 GB, and small semi-spaces keep the young generation's share of RSS
 * small.
 * Measured with bench:load (2,000 intersections, 4,000 TLS connections): peak RSS 683 MB without, 425–447 MB with.
 * Not lower: one bench:load run hit this old-space limit (heap out of memory) while back-pressure overshot its store
 * queue mark; docs/operations.md ("Measured") has the breakdown and what a lower RSS needs instead.
 */
export const PROCESSOR_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=8';

/**
 * glibc malloc settings the processor runs with (same launchers; read by glibc when the process starts, so they
 * cannot be set from inside it). Allocations of 16 KiB and more get their own mapping instead of a slot in malloc's
 * arenas. Each TLS connection holds such buffers (Node's TLS stream buffers are 64 KiB, OpenSSL's records ~17 KiB),
 * mostly untouched: in their own mapping the untouched pages never become resident, and a closed connection's buffers
 * go back to the system at once instead of leaving holes in an arena. Measured (`npm run bench:tls-memory`, a bare
 * Node 20 TLS server holding 2,000 connections with bench:load's P-256 certificate): 44.9 KB of RSS each with glibc's
 * defaults, 27.5 KB with these; bench:load at ~5× the fleet's rate peaked at 369–390 MB instead of 403–434
 * (docs/operations.md).
 * MALLOC_MMAP_MAX_ caps the number of such mappings well below the kernel's 65,530 per process (vm.max_map_count),
 * so V8, which maps its own heap pages, always finds room; past the cap malloc falls back to its arenas.
 */
export const PROCESSOR_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '16384', MALLOC_MMAP_MAX_: '32768' };
