package org.vmcompare.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.vmcompare.vm.Tokens;

/**
 * The reference model's files, beside {@link ContentModel}'s cells: each file's original contents
 * (from its seed) and what write-file did to them. A write-file's data never passes through a
 * simulated buffer the check can see, so a page it wrote is "fresh": its first read through a
 * mapping must return something other than what the page held before (the write is not lost), and
 * teaches the model the new content, which every later read must return. While the write is in
 * flight (its process blocked part way) a read of its range may see either, and teaches nothing; a
 * write cut short (its process killed, or an error) leaves its range "unknown": the first read
 * teaches it.
 */
final class FileContents {
  /** What a read of a file cell means. */
  enum Read {
    /** Nothing special: compare with the last write or the original. */
    EXPECTED,
    /** Any value is right (a write-file in flight over the page). */
    ANY,
    /** The value is the page's content from now on. */
    LEARNED,
    /** A write-file's data was lost: the page reads what it held before the write. */
    STALE
  }

  /** A write-file in flight: its file, its pages, and cells written through a mapping meanwhile. */
  private record Flight(int fileId, long from, long to, Set<Long> dirtied) {
    boolean covers(long cell) {
      long page = cell & ((1L << 36) - 1);
      return ((cell >>> 36) & 0xFFFFFF) == fileId && page >= from && page < to;
    }
  }

  private final Map<Integer, Long> seeds = new HashMap<>();
  private final Map<Integer, Flight> flights = new HashMap<>();
  private final Map<Long, Long> fresh = new HashMap<>();
  private final Set<Long> unknown = new HashSet<>();

  /** The file's original contents come from {@code seed}. */
  void known(int fileId, long seed) {
    seeds.put(fileId, seed);
  }

  /** The original content of a file cell. */
  long original(long cell) {
    Long seed = seeds.get((int) ((cell >>> 36) & 0xFFFFFF));
    return seed == null ? 0 : Tokens.filePage(seed, cell & ((1L << 36) - 1));
  }

  /** Process {@code pid} starts writing pages {@code from..to} of the file. */
  void writeStarted(int pid, int fileId, long seed, long from, long to) {
    known(fileId, seed);
    abandon(pid);
    flights.put(pid, new Flight(fileId, from, to, new HashSet<>()));
  }

  /**
   * Process {@code pid}'s write-file ended having written up to page {@code end}: its pages are
   * fresh, unless written through a mapping meanwhile or by another write in flight (unknown).
   * {@code before} gives a cell's content before the write.
   */
  void writeDone(int pid, long end, LongUnaryOperator before) {
    Flight f = flights.remove(pid);
    if (f == null) {
      return;
    }
    for (long page = f.from; page < Math.max(f.from, end); page++) {
      long cell = ContentModel.fileCell(f.fileId, page);
      if (f.dirtied.contains(cell) || inFlight(cell)) {
        fresh.remove(cell);
        unknown.add(cell);
      } else {
        fresh.put(cell, fresh.containsKey(cell) ? fresh.get(cell) : before.applyAsLong(cell));
        unknown.remove(cell);
      }
    }
    abandonRange(f.fileId, Math.max(f.from, end), f.to);
  }

  /** The process ended (or its write failed): a write it had in flight is cut short. */
  void exit(int pid) {
    abandon(pid);
  }

  void abandon(int pid) {
    Flight f = flights.remove(pid);
    if (f != null) {
      abandonRange(f.fileId, f.from, f.to);
    }
  }

  private void abandonRange(int fileId, long from, long to) {
    for (long page = from; page < to; page++) {
      long cell = ContentModel.fileCell(fileId, page);
      fresh.remove(cell);
      unknown.add(cell);
    }
  }

  /** A write through a shared mapping (or a private view's first) stored a known token. */
  void written(long cell) {
    fresh.remove(cell);
    unknown.remove(cell);
    for (Flight f : flights.values()) {
      if (f.covers(cell)) {
        f.dirtied.add(cell);
      }
    }
  }

  /** What a read of {@code actual} from a file cell whose model content is {@code expected} is. */
  Read read(long cell, long actual, long expected) {
    if (inFlight(cell)) {
      return Read.ANY;
    }
    if (unknown.remove(cell)) {
      return Read.LEARNED;
    }
    Long before = fresh.get(cell);
    if (before != null) {
      if (actual == before) {
        return Read.STALE;
      }
      fresh.remove(cell);
      return Read.LEARNED;
    }
    return Read.EXPECTED;
  }

  /** Why a cell reads what the model says, for a failure's message. */
  String note(long cell) {
    return fresh.containsKey(cell)
        ? " (a write-file wrote the page since; it still reads what it held before)"
        : "";
  }

  private boolean inFlight(long cell) {
    for (Flight f : flights.values()) {
      if (f.covers(cell)) {
        return true;
      }
    }
    return false;
  }
}
