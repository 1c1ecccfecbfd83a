/**
 * The worker process's glibc malloc settings (`GLIBC_TUNABLES`, read by glibc when the process starts, so the image
 * sets it, not this code). 128 KiB is where glibc starts both thresholds; setting them keeps them there. Left alone,
 * glibc raises its mmap threshold (up to 32 MiB) each time a big mmap'd buffer is freed, so the gRPC and protobuf
 * buffers of a burst of workflow tasks then land in its arenas, and their pages stay resident after they are freed:
 * the bench measured a worker whose V8 heaps and live malloc'd memory stayed flat while its RSS grew with the burst
 * (docs/performance.md, what the holding RSS is). With them, big buffers are mmap'd and unmapped when freed, and a
 * heap's free top goes back once 128 KiB of it is free. The Dockerfile sets the same value
 * (test/deploy/manifests.test.ts checks it), and the bench's workers run with it. `/proc/<pid>/environ` shows only
 * the first tunable (glibc parses the string in place); `ld.so --list-tunables` shows both set.
 */
export const WORKER_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';
