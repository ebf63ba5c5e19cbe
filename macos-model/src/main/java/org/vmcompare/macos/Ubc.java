package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;

/**
 * read() and write() through XNU's unified buffer cache, and {@code purge}. The cache's pages are
 * the pages of the file's vnode object (ubc_info's memory object), the very object a mmap of the
 * file maps, so a page read is found resident by a later fault and the other way round.
 *
 * <p>A read copies resident pages (memory_object_control_uiomove) and moves each to the tail of
 * inactive (vm_page_lru: XNU keeps read()/write() pages in LRU order on the inactive queue, never
 * activating them). At the first page not resident it reads a cluster (cluster_read_copy: the
 * missing run of the request, at most {@link #MAX_UPL_TRANSFER_BYTES}), committed to inactive
 * (UPL_COMMIT_INACTIVATE, the default I/O policy's take_reference), plus the {@code fileReadAhead}
 * pages after it onto the speculative queue (the prefetch of cluster_read_ahead); the process waits
 * for that one disk read ({@link Outcome#blocked}) while the others run, and copies the pages when
 * it runs again. A write fills the page in the object, reading nothing first (the write covers the
 * whole page), and leaves it dirty on inactive; the pageout scan writes it back (cleaned queue).
 *
 * <p>{@code purge} is the vfs_purge system call: every vnode's cache is flushed (ubc_msync with
 * UBC_PUSHALL | UBC_INVALIDATE, memory_object_lock_page with should_flush): each resident page is
 * disconnected from every pmap (pmap_disconnect), written back when dirty, and freed.
 */
final class Ubc {
  /** MAX_UPL_TRANSFER_BYTES: the most one cluster I/O of cluster_read_copy asks for. */
  static final long MAX_UPL_TRANSFER_BYTES = 1L << 20;

  /** Salt of the content tokens write-file stores (each write a new token). */
  private static final long WRITE_SALT = 0x55bc_0f11_e5L;

  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Pageout pageout;
  private final Speculative speculative;
  private final long maxCluster;
  private long writes;

  Ubc(Mach m, Pmap pmap, VmObjects objects, Pageout pageout, Speculative speculative) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.pageout = Objects.requireNonNull(pageout, "pageout is null");
    this.speculative = Objects.requireNonNull(speculative, "speculative is null");
    this.maxCluster = Math.max(1, MAX_UPL_TRANSFER_BYTES / m.pageSize);
  }

  /**
   * The file's vnode object (ubc_info_init: memory_object_create_named), with the vnode's own
   * "named" reference taken the first time the file is used, read or mapped, and kept while the run
   * lasts; its size follows the file's.
   */
  static MemoryObject vnodeObject(Mach m, SimFile file) {
    MemoryObject obj = m.kernel.fileObject(file);
    ObjState st = ObjState.of(obj);
    if (!st.vnodeReference) {
      obj.ref();
      st.vnodeReference = true;
    }
    obj.setPages(Math.max(obj.pages(), file.pages()));
    return obj;
  }

  /** read() or write() of {@code op.pages()} pages, streamed: BLOCKED at each cluster read. */
  Outcome io(Proc p, Op.FileIo op) {
    SimFile file = m.kernel.files().get(op.file());
    MemoryObject obj = vnodeObject(m, file);
    for (long i = 0; i < op.pages(); i++) {
      long page = op.offsetPages() + i;
      if (!op.write() && page >= obj.pages()) {
        return Outcome.ok(i); // end of file
      }
      int frame = ObjState.frame(obj, page);
      if (frame < 0 && !op.write()) {
        return readCluster(
            p, obj, page, Math.min(op.pages() - i, obj.pages() - page), i, op.pages());
      }
      if (frame < 0) {
        if (!pageout.ensureFree(p, null, 1)) {
          return p.alive() ? Outcome.blocked(i) : killed(p); // asleep at the dialog, or killed
        }
        frame = objects.insert(obj, page); // the whole page is overwritten: no read first
        obj.setPages(Math.max(obj.pages(), page + 1));
      }
      if (op.write()) {
        m.memory.setContent(frame, Tokens.mix(WRITE_SALT ^ file.contentSeed(), ++writes));
        m.memory.setFlag(frame, PhysicalMemory.F_DIRTY);
      }
      m.queues.deactivate(frame, true); // vm_page_lru
      m.charge(m.costs.copyPageNs());
    }
    pageout.wakeIfLow();
    return Outcome.ok(op.pages());
  }

  /**
   * cluster_read_copy's miss at {@code page}: the missing run of the {@code wanted} pages from it
   * (at most a cluster, and while frames above the reserve are free) is read in one disk read, with
   * the read-ahead after it; the process waits for it, and the run it read counts as copied to the
   * caller's buffer (cluster_copy_upl_data copies from the UPL the read filled, before the pageout
   * scan can take the pages). Counting them only when the process runs again let a scan woken in
   * between free them first, and a read under pressure then read the same pages for ever.
   */
  private Outcome readCluster(
      Proc p, MemoryObject obj, long page, long wanted, long done, long total) {
    if (!pageout.ensureFree(p, null, 1)) {
      return p.alive() ? Outcome.blocked(done) : killed(p); // asleep at the dialog, or killed
    }
    SimFile file = obj.file();
    long limit = Math.min(wanted, maxCluster);
    int n = 0;
    while (n < limit
        && obj.slots().get(page + n) == 0
        && (n == 0 || m.freeCount() > m.reserved + 2)) {
      int frame = objects.insert(obj, page + n);
      m.memory.setContent(frame, file.read(page + n));
      m.queues.deactivate(frame, true); // UPL_COMMIT_INACTIVATE
      n++;
    }
    int ahead = speculative.readAhead(obj, page + n - 1);
    m.metrics.add(Counter.FILE_READS, n + ahead);
    pageout.wakeIfLow();
    m.charge(n * m.costs.copyPageNs());
    m.kernel.waitForRead(p, n + ahead, null);
    // done with the whole request: it answers now and the process waits before its next step
    return done + n == total ? Outcome.ok(total) : Outcome.blocked(done + n);
  }

  /**
   * vfs_purge: every file's resident pages are unmapped from every task, written back when dirty
   * (one disk write a file, queued, the file's object paging until it completes), and freed.
   * Returns the pages freed.
   */
  long purge() {
    long freed = 0;
    long pushed = 0;
    for (SimFile file : m.kernel.files().all()) {
      MemoryObject obj = m.kernel.fileObject(file);
      LongArrayList pages = new LongArrayList();
      obj.slots().forEachNonZero((page, slot) -> pages.add(page));
      int written = 0;
      for (int i = 0; i < pages.size(); i++) {
        long page = pages.get(i);
        int frame = ObjState.frame(obj, page);
        if (frame < 0) {
          continue;
        }
        pmap.disconnect(frame, -1); // keeps a dirty bit found in F_DIRTY
        if (m.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)) {
          file.write(page, m.memory.content(frame));
          written++;
        }
        objects.pageOut(obj, page, 0);
        m.release(frame);
        freed++;
      }
      if (written > 0) {
        m.metrics.add(Counter.FILE_WRITES, written);
        ObjState.writeBack(m, obj, written, null);
        pushed += written;
      }
    }
    m.kernel.log(
        "macos: purge: " + pushed + " dirty file pages written back, " + freed + " pages freed");
    pageout.wakeIfLow();
    return freed;
  }

  private static Outcome killed(Proc p) {
    return Outcome.failed("ENOMEM", p + " was killed while memory was short");
  }
}
