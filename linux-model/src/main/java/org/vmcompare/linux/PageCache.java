package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;

/**
 * The page cache (struct address_space per file): one {@code FILE} memory object per file, whose
 * slots hold {@code frame + 1} for each cached page, shared by read(), write() and every mapping of
 * the file. A cached frame is claimed for its object and page, so the frame leads back to both.
 */
final class PageCache {
  private final Mm mm;
  private final Set<MemoryObject> objects = new LinkedHashSet<>();
  private long pages;

  PageCache(Mm mm) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
  }

  /** The file's page cache, created on first use and kept for the run. */
  MemoryObject of(SimFile file) {
    MemoryObject obj = mm.kernel.fileObject(file);
    objects.add(obj);
    return obj;
  }

  /** The cached frame of a file page, or -1. */
  static int find(MemoryObject obj, long page) {
    return (int) obj.slots().get(page) - 1;
  }

  /** Inserts a frame for a page not cached yet; the frame is claimed for it here. */
  void insert(MemoryObject obj, long page, int frame) {
    if (find(obj, page) >= 0) {
      throw new IllegalStateException(obj + " page " + page + " is cached already");
    }
    mm.memory.claim(frame, obj.id(), (int) page);
    obj.slots().set(page, frame + 1);
    objects.add(obj);
    pages++;
  }

  /** Removes a frame's page from its file's cache (the caller frees the frame). */
  void delete(int frame) {
    MemoryObject obj = mm.owner(frame);
    long page = mm.memory.ownerIndex(frame);
    if (obj == null || find(obj, page) != frame) {
      throw new IllegalStateException("frame " + frame + " is not in the page cache");
    }
    obj.slots().set(page, 0);
    pages--;
  }

  /** Cached file pages (NR_FILE_PAGES without shmem and swap cache). */
  long pages() {
    return pages;
  }

  /** Every file object that has had cached pages, in the order they first had one. */
  List<MemoryObject> objects() {
    return new ArrayList<>(objects);
  }
}
