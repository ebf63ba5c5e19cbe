package org.vmcompare.workload;

/**
 * {@code files:} one simulated file on the machine's disk, with a size and a contents seed (its
 * page i initially holds a token derived from the seed and i), for map-file, read-file and
 * write-file steps.
 */
public record FileConfig(String name, ByteSize size, Long seed) {
  public FileConfig {
    Steps.required("name", name, "steps refer to the file by it");
    if (size == null) {
      throw new IllegalArgumentException("size: is required, e.g. 4MiB");
    }
    Steps.positive("size", size);
    seed = seed == null ? (long) name.hashCode() : seed;
  }
}
