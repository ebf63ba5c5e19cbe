package org.vmcompare.macos;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;

/**
 * XNU's swapfiles (osfmk/vm/vm_compressor_backing_store.c): compressor segments written out whole,
 * a page of swap per frame the segment held, to swapfiles of {@code swapfileSize} created one at a
 * time as needed, at most 100, and never more than the machine's swap ({@code machine.swap}: 0
 * means no swapfiles, as on iOS). The space is a {@link BackingStore} used for its slots; the
 * segment's compressed pages keep their tokens in the compressor's store meanwhile. Writes are
 * queued on the disk ({@code Kernel.disk()}) and overlap with computation; a read back blocks the
 * faulting process until it completes ({@code Kernel.waitForRead}).
 */
final class Swapfiles {
  private static final int MAX_FILES = 100;

  private final Mach m;
  private final BackingStore files;
  private final int filePages;

  /** Per segment out in a swapfile: its slots, exactly as many as it has pages; null otherwise. */
  private int[][] slotsOf = new int[0][];

  Swapfiles(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    long bytes = m.options.swapfileBytes();
    this.filePages = (int) Math.max(1, bytes / m.pageSize);
    long max =
        m.options.platform() == MacosOptions.Platform.IOS
            ? 0
            : Math.min((long) MAX_FILES * filePages, m.kernel.swap().maxCapacity());
    this.files = new BackingStore("swapfiles", 0, (int) max);
  }

  boolean enabled() {
    return files.maxCapacity() > 0;
  }

  long used() {
    return files.used();
  }

  long capacity() {
    return files.maxCapacity();
  }

  /**
   * Writes a segment of {@code pages} frames out (Swapouts), creating a swapfile when the ones
   * there are full: false when every swapfile allowed is full.
   */
  boolean write(int seg, int pages) {
    while (files.free() < pages && files.capacity() < files.maxCapacity()) {
      files.grow(files.capacity() + filePages);
      m.kernel.log(
          "macos: swapfile "
              + (files.capacity() + filePages - 1) / filePages
              + " created ("
              + Quantities.formatBytes((long) filePages * m.pageSize)
              + ")");
    }
    if (files.free() < pages) {
      return false;
    }
    if (seg >= slotsOf.length) {
      slotsOf = Arrays.copyOf(slotsOf, Math.max(16, seg * 2));
    }
    int[] held = slotsOf[seg] == null ? new int[0] : slotsOf[seg];
    int[] slots = Arrays.copyOf(held, held.length + pages);
    for (int i = held.length; i < slots.length; i++) {
      slots[i] = files.allocate();
    }
    slotsOf[seg] = slots;
    m.kernel.disk().write(pages, null);
    m.metrics.add(Counter.SWAP_OUT, pages);
    m.metrics.add(m.swapouts, pages);
    return true;
  }

  /** Reads a segment back (Swapins): {@code p} waits for the read; its swap space is freed. */
  void read(Proc p, int seg) {
    int pages = slotsOf[seg].length;
    m.kernel.waitForRead(p, pages, null);
    m.metrics.add(Counter.SWAP_IN, pages);
    m.metrics.add(m.swapins, pages);
    release(seg);
  }

  /** Frees a segment's swap space (read back, or every page in it gone). */
  void release(int seg) {
    int[] slots = slotsOf[seg];
    if (slots != null) {
      for (int slot : slots) {
        files.release(slot);
      }
    }
    slotsOf[seg] = null;
  }
}
