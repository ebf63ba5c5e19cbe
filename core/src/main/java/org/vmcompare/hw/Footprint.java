package org.vmcompare.hw;

/**
 * Heap bytes of primitive and reference arrays, from their lengths, as a 64-bit HotSpot JVM with
 * compressed references lays them out (a 16-byte header, 4-byte references, 8-byte alignment). The
 * machine's parts report their size with it so the bytes-per-page budget in docs/performance.md can
 * be checked by a test without a heap dump.
 */
final class Footprint {
  private static final long HEADER = 16;

  private Footprint() {}

  static long of(long[] a) {
    return a == null ? 0 : align(HEADER + 8L * a.length);
  }

  static long of(int[] a) {
    return a == null ? 0 : align(HEADER + 4L * a.length);
  }

  static long refs(Object[] a) {
    return a == null ? 0 : align(HEADER + 4L * a.length);
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
