package org.vmcompare.macos;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.NativeArgs;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

/**
 * msync(2) on a mapping ({@code native: {os: macos, call: msync, args: {region, offset, size,
 * flags}}}), as XNU does it: bsd/kern/kern_mman.c msync_nocancel turns the flags into vm_sync_t
 * (MS_ASYNC and MS_SYNC together are EINVAL; MS_INVALIDATE adds VM_SYNC_INVALIDATE; without
 * MS_ASYNC the call is VM_SYNC_SYNCHRONOUS), and osfmk/vm/vm_map.c vm_map_msync syncs the map
 * entry's own VM object through vm_object_sync, which asks vm_object_update for
 * MEMORY_OBJECT_RETURN_ALL, with MEMORY_OBJECT_DATA_FLUSH for VM_SYNC_INVALIDATE and
 * MEMORY_OBJECT_IO_SYNC for VM_SYNC_SYNCHRONOUS.
 *
 * <p>vm_map_msync skips an object that is internal (anonymous memory, POSIX shared memory, and the
 * shadow a private file mapping's first write made: "Don't bother to sync internal objects"), so
 * there the call succeeds and writes nothing. On a file's vnode object, vm_object_update_extent
 * asks memory_object_lock_page about each resident page of the range: a dirty one (vmp_dirty, or
 * the pmap's modified bit) is returned to the pager, runs of consecutive dirty pages one I/O each
 * of at most MAX_UPL_TRANSFER_BYTES (LIST_REQ_PAGEOUT_PAGES, vnode_pageout), and its dirty state is
 * cleared when the UPL is committed (UPL_COMMIT_CLEAR_DIRTY, pmap_clear_modify); the page stays
 * mapped and where it is on the page queues ("we do not believe that an msync should cause the
 * 'age' of a page to be changed"). With DATA_FLUSH every resident page of the range is first
 * disconnected from every pmap (pmap_disconnect, its modified bit kept); a dirty one is written and
 * freed when done (vmp_free_when_done), a clean one freed at once (the lock result MUST_FREE): the
 * next touch reads the file again. (Read in apple-oss-distributions/xnu: kern_mman.c at 1031c58,
 * vm_map.c at 27b03b3, memory_object.c at 0f4c859.)
 */
final class Msync {
  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Pageout pageout;
  private final long maxRun;

  Msync(Mach m, Pmap pmap, VmObjects objects, Pageout pageout) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.pageout = Objects.requireNonNull(pageout, "pageout is null");
    this.maxRun = Math.max(1, Ubc.MAX_UPL_TRANSFER_BYTES / m.pageSize);
  }

  /** The native call; answers the dirty pages written. */
  Outcome call(Proc p, Op.Native op) {
    NativeArgs a = new NativeArgs("native macos.msync", op.args(), m.pageSize);
    String why = MsyncFlags.whyBad(op.args().get("flags"));
    if (why != null) {
      throw a.bad(why);
    }
    MsyncFlags flags = MsyncFlags.parse(op.args().get("flags"));
    Region r = p.space().byLabel(a.required("region"));
    if (r == null) {
      // vm_map_msync finds a hole (KERN_INVALID_ADDRESS with VM_SYNC_CONTIGUOUS): ENOMEM
      return Outcome.failed("ENOMEM", "no mapping named '" + a.optional("region") + "'");
    }
    long[] range = a.range(r);
    MemoryObject obj = r.object();
    if (obj == null || ObjState.internal(obj)) {
      // no object yet, or an internal one ("Don't bother to sync internal objects"): success
      m.kernel.log(
          p
              + " msync("
              + flags.text()
              + ") on '"
              + r.label()
              + "': "
              + internal(obj)
              + ", which vm_map_msync does not sync: nothing is written");
      return Outcome.ok(0);
    }
    return sync(p, r, obj, range[0], range[1], flags);
  }

  /** What the internal object (or none) of an entry msync skips is, for the log. */
  private static String internal(MemoryObject obj) {
    if (obj == null) {
      return "never touched, it has no object yet";
    }
    if (obj.kind() == MemoryObject.Kind.SHARED) {
      return "its object is POSIX shared memory, an internal object";
    }
    MemoryObject bottom = obj;
    while (bottom.shadow() != null) {
      bottom = bottom.shadow();
    }
    return bottom.kind() == MemoryObject.Kind.FILE
        ? "its object is the shadow holding the private mapping's copies, an internal object"
        : "its object is anonymous memory, an internal object";
  }

  /** vm_object_sync over pages {@code first..first+pages} of the entry's file object. */
  private Outcome sync(
      Proc p, Region r, MemoryObject obj, long first, long pages, MsyncFlags flags) {
    SimFile file = obj.file();
    Runs runs = new Runs(obj);
    long freed = 0;
    for (long i = first; i < first + pages; i++) {
      long page = r.objectOffset() + i;
      int frame = ObjState.frame(obj, page);
      if (frame < 0) {
        runs.end(); // absent: a run of dirty pages stops at a gap (vm_object_update_extent)
        continue;
      }
      if (flags.invalidate()) {
        pmap.disconnect(frame, -1); // should_flush: every mapping goes, its modified bit kept
      }
      boolean dirty =
          m.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)
              || (!flags.invalidate() && m.machine.dirtyAnywhere(frame));
      if (dirty) {
        file.write(page, m.memory.content(frame));
        m.memory.clearFlag(frame, PhysicalMemory.F_DIRTY);
        if (!flags.invalidate()) {
          pmap.clearModified(frame); // UPL_COMMIT_CLEAR_DIRTY: the page stays mapped, clean
        }
        runs.add(flags.invalidate() ? -1 : frame);
      } else {
        runs.end(); // a clean page ends the run (MEMORY_OBJECT_LOCK_RESULT_DONE or MUST_FREE)
      }
      if (flags.invalidate()) {
        objects.pageOut(obj, page, 0); // freed: the next touch reads the file again
        m.release(frame);
        freed++;
      }
    }
    runs.end();
    m.metrics.add(Counter.FILE_WRITES, runs.written);
    if (flags.sync() && runs.writes > 0) {
      // MEMORY_OBJECT_IO_SYNC: the caller waits until the last of its writes completes (the disk
      // serves requests in order, so that is when every one has)
      m.kernel.block(p);
      runs.queueLast(() -> m.kernel.wake(p));
    } else if (runs.lastPages > 0) {
      runs.queueLast(null);
    }
    m.kernel.log(
        p
            + " msync("
            + flags.text()
            + ") on '"
            + r.label()
            + "': "
            + runs.written
            + " dirty pages written in "
            + runs.writes
            + (runs.writes == 1 ? " disk write" : " disk writes")
            + (flags.invalidate() ? ", " + freed + " pages freed" : "")
            + (flags.sync() && runs.writes > 0 ? "; it waits for them" : ""));
    if (freed > 0) {
      pageout.wakeIfLow(); // the pressure level follows the pages freed
    }
    return Outcome.ok(runs.written);
  }

  /**
   * Runs of consecutive dirty pages, each one disk write of at most {@link #maxRun} pages. Every
   * run but the last is queued as it ends; the last is left to the caller, which may wait for it.
   * Each holds the object's paging reference until the disk completes it, and its pages that stay
   * resident are cleaning (vmmap counts them dirty) until then ({@link ObjState#writeBack}).
   */
  private final class Runs {
    private final MemoryObject obj;
    long written;
    int writes;
    int run;
    int lastPages;
    private int[] frames = new int[8];
    private int kept;
    private int[] lastFrames = new int[0];
    private int lastKept;

    Runs(MemoryObject obj) {
      this.obj = obj;
    }

    /** A dirty page joins the run; {@code frame} is its frame if it stays resident, else -1. */
    void add(int frame) {
      if (run == maxRun) {
        end();
      }
      run++;
      written++;
      if (frame >= 0) {
        if (kept == frames.length) {
          frames = Arrays.copyOf(frames, kept * 2);
        }
        frames[kept++] = frame;
      }
    }

    void end() {
      if (run == 0) {
        return;
      }
      if (lastPages > 0) {
        queueLast(null);
      }
      lastPages = run;
      lastFrames = Arrays.copyOf(frames, kept);
      lastKept = kept;
      writes++;
      run = 0;
      kept = 0;
    }

    /** Queues the last ended run's write. */
    void queueLast(Runnable whenDone) {
      ObjState.writeBack(m, obj, lastPages, lastFrames, lastKept, whenDone);
    }
  }
}
