package org.vmcompare.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference model of memory contents: what each page of each process's view must read, kept in
 * plain maps, independent of any personality. A page's expected content token is the last write in
 * that view (zero when never written since a fresh allocation or a legitimate discard); private
 * pages are per process and copied at fork (COW isolation), shared pages belong to the shared
 * object's name, so every process mapping it sees every write.
 *
 * <p>A cell is one page of one view, as a {@code long}: {@code pid << 36 | vpn} for private memory,
 * {@code SHARED | id << 36 | page} for a named shared object, {@code FILE | id << 36 | page} for a
 * page of a file. Offered memory may be discarded under pressure, so its cells are "maybe zero":
 * either the last write or zero reads right, and the first read decides.
 *
 * <p>Files ({@link FileContents}): a shared file view reads and writes the file's cells, so its
 * writes reach the file, every other shared view and every private view's pages not written yet; a
 * private view reads the file's cell until the process writes the page, which then has its own
 * private copy (copy-on-write), kept at fork and dropped by a release (the page reads the file
 * again). A file page never written reads its original content ({@link
 * org.vmcompare.vm.Tokens#filePage}).
 */
final class ContentModel {
  /** What kind of memory a region of the model's view is. */
  enum Kind {
    PRIVATE,
    SHARED,
    FILE_SHARED,
    FILE_PRIVATE,
    UNCHECKED
  }

  /**
   * A mapping in the model's view of one process; {@code id} names the shared object or the file,
   * {@code fileOffset} is the file page its first page maps.
   */
  record MRegion(long start, long pages, Kind kind, int id, long fileOffset) {}

  static final long UNCHECKED = -1;
  private static final long SHARED = 1L << 62;
  private static final long FILE = 1L << 61;

  private final Map<Integer, TreeMap<Long, MRegion>> spaces = new HashMap<>();
  private final Map<Long, Long> content = new HashMap<>();
  private final Set<Long> maybeZero = new HashSet<>();
  private final Set<Long> touched = new HashSet<>();
  private final Map<String, Integer> sharedIds = new HashMap<>();
  private final Map<Integer, Set<Integer>> users = new HashMap<>();
  private boolean sharedOutlivesUsers = true;
  private boolean releaseKeepsContents;

  private boolean writtenOfferStays;

  /**
   * Offered cells that a write leaves "maybe zero" (with {@link #writtenOfferStays}) until they are
   * reclaimed. Loose on purpose after a fork: a copy-on-write copy the child or the parent makes
   * then lives outside the purgeable object and is safe, which this set does not tell apart.
   */
  private final Set<Long> discardable = new HashSet<>();

  /**
   * Cells a release left "maybe zero" (macOS's MADV_FREE_REUSABLE). A reclaim does not settle them:
   * it takes back what was offered (purgeable memory made non-volatile), and a reusable page the
   * scan freed reads zero whatever the reclaim says.
   */
  private final Set<Long> released = new HashSet<>();

  private int lastSharedId;

  /**
   * Whether named shared memory keeps its contents once no process uses it (the OS's answer); when
   * not, a name nobody alive has opened or mapped starts again from zero.
   */
  void sharedMemoryOutlivesItsUsers(boolean outlives) {
    this.sharedOutlivesUsers = outlives;
  }

  /**
   * Whether a release leaves the contents until the OS reclaims the pages (the OS's answer, macOS's
   * MADV_FREE_REUSABLE); when it does, released pages read their last write or zero.
   */
  void releaseKeepsContentsUntilReclaimed(boolean keeps) {
    this.releaseKeepsContents = keeps;
  }

  /**
   * Whether a write to an offered page leaves it discardable until it is reclaimed (macOS's
   * VOLATILE purgeable objects; see {@code OsPersonality.offeredStaysDiscardableWhenWritten}).
   */
  void offeredStaysDiscardableWhenWritten(boolean stays) {
    this.writtenOfferStays = stays;
  }

  private final FileContents files = new FileContents();

  private TreeMap<Long, MRegion> space(int pid) {
    return spaces.computeIfAbsent(pid, k -> new TreeMap<>());
  }

  /** A fresh private mapping: it reads zero everywhere. */
  void allocate(int pid, long start, long pages) {
    space(pid).put(start, new MRegion(start, pages, Kind.PRIVATE, 0, 0));
    forgetPrivate(pid, start, pages);
  }

  /** A mapping of the shared object {@code name}, from its first page. */
  void share(int pid, long start, long pages, String name) {
    int id = sharedIds.computeIfAbsent(name, k -> ++lastSharedId);
    space(pid).put(start, new MRegion(start, pages, Kind.SHARED, id, 0));
    users.computeIfAbsent(id, k -> new HashSet<>()).add(pid);
  }

  /**
   * Where named shared memory dies with its users: the object {@code id} is gone once no live
   * process holds a handle to it (shared it) or a view of it (a fork child's inherited one).
   */
  private void maybeGone(int id) {
    if (sharedOutlivesUsers || !users.getOrDefault(id, Set.of()).isEmpty()) {
      return;
    }
    for (TreeMap<Long, MRegion> s : spaces.values()) {
      for (MRegion r : s.values()) {
        if (r.kind == Kind.SHARED && r.id == id) {
          return;
        }
      }
    }
    sharedIds.values().remove(id); // the name makes a new object from now on
    content.keySet().removeIf(c -> (c & SHARED) != 0 && (c >>> 36 & ((1L << 26) - 1)) == id);
  }

  /**
   * A view of pages {@code offset..offset+pages} of file {@code fileId} (whose original contents
   * come from {@code seed}): shared, or private (copy-on-write).
   */
  void mapFile(
      int pid, long start, long pages, boolean shared, int fileId, long seed, long offset) {
    files.known(fileId, seed);
    Kind kind = shared ? Kind.FILE_SHARED : Kind.FILE_PRIVATE;
    space(pid).put(start, new MRegion(start, pages, kind, fileId, offset));
    forgetPrivate(pid, start, pages);
  }

  /** The file contents: write-file's effects. */
  FileContents files() {
    return files;
  }

  /** A mapping whose contents the model does not follow (a file mapping, for now). */
  void unchecked(int pid, long start, long pages) {
    space(pid).put(start, new MRegion(start, pages, Kind.UNCHECKED, 0, 0));
  }

  /** The mapping starting at {@code start} is gone, and its private contents with it. */
  void unmap(int pid, long start) {
    MRegion r = space(pid).remove(start);
    if (r != null && hasPrivate(r)) {
      forgetPrivate(pid, r.start, r.pages);
    }
    if (r != null && r.kind == Kind.SHARED) {
      maybeGone(r.id);
    }
  }

  /**
   * Pages {@code first..first+pages} of the mapping at {@code start} were released: private memory
   * reads zero, a private file view's written pages read the file again (MADV_DONTNEED drops the
   * copy), a shared view is unchanged (its pages are the file's or the object's). Where a release
   * keeps the contents until reclaimed, private and shared memory pages are "maybe zero" instead,
   * as offered ones are, and a file view is unchanged (macOS leaves a file's pages, and a private
   * view's copies, which live in a shadow object, as they are).
   */
  void release(int pid, long start, long first, long pages) {
    if (releaseKeepsContents) {
      maybeDropped(pid, start, first, pages);
    } else {
      dropped(pid, start, first, pages);
    }
  }

  /**
   * The contents of pages {@code first..first+pages} of the mapping at {@code start} went at once
   * (a release that drops them, a native call with {@link org.vmcompare.os.NativeEffect#DROPPED}):
   * private memory reads zero, a private file view's written pages read the file again, a shared
   * view is unchanged.
   */
  void dropped(int pid, long start, long first, long pages) {
    MRegion r = space(pid).get(start);
    if (r != null && hasPrivate(r)) {
      forgetPrivate(pid, start + first, pages);
    }
  }

  /**
   * The contents of those pages may go when the OS reclaims them: private and shared memory pages
   * read their last write or zero; a file view is unchanged.
   */
  void maybeDropped(int pid, long start, long first, long pages) {
    MRegion r = space(pid).get(start);
    if (r != null && (r.kind == Kind.PRIVATE || r.kind == Kind.SHARED)) {
      markMaybeZero(pid, start + first, pages);
      mark(released, pid, start + first, pages);
    }
  }

  /**
   * Offered pages of private memory may be discarded: they read either their last write or zero.
   */
  void offer(int pid, long start, long first, long pages) {
    MRegion r = space(pid).get(start);
    if (r == null || r.kind == Kind.FILE_SHARED || r.kind == Kind.FILE_PRIVATE) {
      return; // MADV_FREE takes private anonymous memory only (EINVAL otherwise)
    }
    markMaybeZero(pid, start + first, pages);
    if (writtenOfferStays) {
      mark(discardable, pid, start + first, pages);
    }
  }

  private void markMaybeZero(int pid, long from, long pages) {
    mark(maybeZero, pid, from, pages);
  }

  /** Adds the cells of a process's pages {@code from..from+pages} to a set of cells. */
  private void mark(Set<Long> cells, int pid, long from, long pages) {
    for (long v = from; v < from + pages; v++) {
      long c = cell(pid, v, false);
      if (c != UNCHECKED) {
        cells.add(c);
      }
    }
  }

  /**
   * A successful reclaim: the pages are no longer discardable; when all of them survived they read
   * their last write again (but for pages a release left maybe zero, which a reclaim does not take
   * back), else each reads its last write or zero until first read.
   */
  void reclaimed(int pid, long start, long first, long pages, boolean allSurvived) {
    for (long v = start + first; v < start + first + pages; v++) {
      long c = cell(pid, v, false);
      discardable.remove(c);
      if (allSurvived && !released.contains(c)) {
        maybeZero.remove(c);
      }
    }
  }

  /** A fork child: the parent's mappings, and a private copy of its private contents. */
  void fork(int parent, int child) {
    TreeMap<Long, MRegion> copy = new TreeMap<>(space(parent));
    spaces.put(child, copy);
    List<Map.Entry<Long, Long>> inherited = new ArrayList<>();
    for (Map.Entry<Long, Long> e : content.entrySet()) {
      if ((e.getKey() & (SHARED | FILE)) == 0 && (e.getKey() >>> 36) == parent) {
        inherited.add(e);
      }
    }
    for (Map.Entry<Long, Long> e : inherited) {
      long c = privateCell(child, e.getKey() & ((1L << 36) - 1));
      content.put(c, e.getValue());
      if (maybeZero.contains(e.getKey())) {
        maybeZero.add(c);
      }
      if (discardable.contains(e.getKey())) {
        discardable.add(c);
      }
      if (released.contains(e.getKey())) {
        released.add(c);
      }
      if (touched.contains(e.getKey())) {
        touched.add(c);
      }
    }
  }

  /** The process is gone: its view with it (shared objects stay). */
  void exit(int pid) {
    TreeMap<Long, MRegion> s = spaces.remove(pid);
    if (s != null) {
      for (MRegion r : s.values()) {
        if (hasPrivate(r)) {
          forgetPrivate(pid, r.start, r.pages);
        }
      }
    }
    for (Map.Entry<Integer, Set<Integer>> e : List.copyOf(users.entrySet())) {
      if (e.getValue().remove(pid) || s != null) {
        maybeGone(e.getKey());
      }
    }
    files.exit(pid);
  }

  private static boolean hasPrivate(MRegion r) {
    return r.kind == Kind.PRIVATE || r.kind == Kind.FILE_PRIVATE;
  }

  /**
   * The cell a reference to a page of a process's view reads or writes, or {@link #UNCHECKED}: a
   * private file view's page is the file's until the process writes it, its own after.
   */
  long cell(int pid, long vpn, boolean write) {
    TreeMap<Long, MRegion> s = spaces.get(pid);
    Map.Entry<Long, MRegion> e = s == null ? null : s.floorEntry(vpn);
    if (e == null || vpn >= e.getValue().start + e.getValue().pages) {
      return UNCHECKED;
    }
    MRegion r = e.getValue();
    return switch (r.kind) {
      case PRIVATE -> privateCell(pid, vpn);
      case SHARED -> SHARED | (long) r.id << 36 | (vpn - r.start);
      case FILE_SHARED -> fileCell(r.id, r.fileOffset + vpn - r.start);
      case FILE_PRIVATE -> {
        long own = privateCell(pid, vpn);
        yield write || content.containsKey(own)
            ? own
            : fileCell(r.id, r.fileOffset + vpn - r.start);
      }
      case UNCHECKED -> UNCHECKED;
    };
  }

  /** A write: the cell now holds {@code token}. */
  void write(long cell, long token) {
    content.put(cell, token);
    released.remove(cell); // a written reusable page is dirty: the scan no longer just frees it
    if (discardable.contains(cell)) {
      maybeZero.add(cell); // still in an offered (VOLATILE) object: it may be purged yet
    } else {
      maybeZero.remove(cell);
    }
    if ((cell & FILE) != 0) {
      files.written(cell);
    }
  }

  /**
   * Whether a read of {@code actual} is right; a "maybe zero" cell read as zero is zero from now
   * on.
   */
  boolean read(long cell, long actual) {
    if ((cell & FILE) != 0) {
      switch (files.read(cell, actual, expected(cell))) {
        case ANY -> {
          return true;
        }
        case LEARNED -> {
          content.put(cell, actual);
          return true;
        }
        case STALE -> {
          return false;
        }
        case EXPECTED -> {}
      }
    }
    long expected = expected(cell);
    if (actual == expected) {
      return true;
    }
    if (actual == 0 && maybeZero.remove(cell)) {
      content.remove(cell);
      released.remove(cell);
      return true;
    }
    return false;
  }

  long expected(long cell) {
    Long v = content.get(cell);
    if (v != null) {
      return v;
    }
    return (cell & FILE) != 0 ? files.original(cell) : 0;
  }

  /** Why a file cell read wrong, for the message; empty when it has no story. */
  String fileNote(long cell) {
    return (cell & FILE) != 0 ? files.note(cell) : "";
  }

  boolean maybeZero(long cell) {
    return maybeZero.contains(cell);
  }

  /** Marks a cell referenced; true the first time since it was last fresh (its first touch). */
  boolean firstTouch(long cell) {
    return (cell & (SHARED | FILE)) == 0 && touched.add(cell);
  }

  private void forgetPrivate(int pid, long from, long pages) {
    for (long v = from; v < from + pages; v++) {
      long c = privateCell(pid, v);
      content.remove(c);
      maybeZero.remove(c);
      discardable.remove(c);
      released.remove(c);
      touched.remove(c);
    }
  }

  static long fileCell(int fileId, long page) {
    return FILE | (long) fileId << 36 | page;
  }

  static boolean isFile(long cell) {
    return cell != UNCHECKED && (cell & FILE) != 0;
  }

  private static long privateCell(int pid, long vpn) {
    return (long) pid << 36 | vpn;
  }
}
