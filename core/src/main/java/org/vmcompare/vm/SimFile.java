package org.vmcompare.vm;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated file: a size and contents derived from a seed, plus the pages written back since.
 * Reading an untouched page yields {@link Tokens#filePage}, so readers of a file can be checked.
 */
public final class SimFile {
  private final int id;
  private final String name;
  private long pages;
  private final long contentSeed;
  private final Map<Long, Long> written = new HashMap<>();

  public SimFile(int id, String name, long pages, long contentSeed) {
    this.id = id;
    this.name = Objects.requireNonNull(name, "name is null");
    this.pages = pages;
    this.contentSeed = contentSeed;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public long pages() {
    return pages;
  }

  public long contentSeed() {
    return contentSeed;
  }

  /** The page's current on-disk content token. */
  public long read(long page) {
    Long w = written.get(page);
    return w != null ? w : Tokens.filePage(contentSeed, page);
  }

  /** Writes a page back to disk, extending the file if needed. */
  public void write(long page, long token) {
    written.put(page, token);
    if (page >= pages) {
      pages = page + 1;
    }
  }
}
