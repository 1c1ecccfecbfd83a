/**
 * The worker process's glibc malloc settings (`GLIBC_TUNABLES`, read by glibc when the process starts, so it is set
 * by the image, not by this code): buffers of 128 KiB or more are always mmap'd and go back to the system when
 * freed, and the top of each heap is returned once 128 KiB of it is free. Without them glibc raises its mmap
 * threshold as big buffers come and go (up to 32 MiB), so the gRPC and protobuf buffers of a burst of workflow tasks
 * land in its arenas and their pages stay resident after they are freed: the bench measured a worker whose V8 heaps
 * and live malloc'd memory stayed flat while its RSS grew with the burst (docs/performance.md, what the holding RSS
 * is). The Dockerfile sets the same value (test/deploy/manifests.test.ts checks it), and the bench's workers run
 * with it.
 */
export const WORKER_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';
