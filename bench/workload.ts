/**
 * The shared workload: signer i signs `delays[i]` ms after the window opens, uniformly random in [1 s, window),
 * the same times in every mode (a fixed seed), so the modes differ only in how they learn of it.
 */
export function signingDelays(count: number, windowMs: number): number[] {
  let seed = 0x5eed;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () => 1_000 + Math.floor(random() * (windowMs - 1_000)));
}
