package org.vmcompare.linux;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * Per-process /proc files in the kernel's text shape: /proc/PID/maps (show_map_vma, with adjacent
 * anonymous VMAs of equal permissions and accounting merged into one, as vma_merge merges them at
 * mmap) and /proc/PID/smaps_rollup (show_smaps_rollup). Also keeps each process's PSS, USS and swap
 * metrics up to date whenever they are computed.
 */
final class ProcViews {
  /** The width show_vma_header_prefix pads to before a path: 25 + sizeof(void *) * 6 - 1. */
  private static final int PAD = 72;

  private final Mm mm;
  private final Smaps smaps;

  ProcViews(Mm mm, Smaps smaps) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.smaps = Objects.requireNonNull(smaps, "smaps is null");
  }

  void addTo(Map<String, String> views, List<Proc> processes) {
    for (Proc p : processes) {
      views.put("proc/" + p.pid() + "/maps", maps(p));
      views.put("proc/" + p.pid() + "/smaps_rollup", rollup(p));
    }
  }

  /** Computes PSS, USS and swap for the results (at snapshots and at exit). */
  Smaps.Stats measure(Proc p) {
    Smaps.Stats s = smaps.gather(p);
    p.metrics().set(LinuxMetrics.PSS, s.pssBytes());
    p.metrics().set(LinuxMetrics.USS, s.uss());
    p.metrics().set(LinuxMetrics.SWAP, s.swap);
    return s;
  }

  String maps(Proc p) {
    StringBuilder sb = new StringBuilder();
    List<Region> regions = p.space().regions();
    for (int i = 0; i < regions.size(); ) {
      Region r = regions.get(i);
      if (VmaState.of(r).reservedFor != null) {
        reservation(sb, r);
        i++;
        continue;
      }
      long end = r.endVpn();
      int j = i + 1;
      while (j < regions.size() && mergeable(regions.get(j - 1), regions.get(j))) {
        end = regions.get(j).endVpn();
        j++;
      }
      MemoryObject obj = r.object();
      boolean file = obj.kind() == MemoryObject.Kind.FILE;
      boolean shm = obj.kind() == MemoryObject.Kind.SHARED; // a file of the tmpfs on /dev/shm
      String line =
          header(
              r.startVpn() << mm.pageShift,
              end << mm.pageShift,
              r.protection().rwx() + (r.sharing() == Region.Sharing.SHARED ? "s" : "p"),
              file || shm ? r.objectOffset() << mm.pageShift : 0,
              file ? "fe:00" : shm ? "00:1a" : "00:00",
              file ? obj.file().id() : shm ? obj.id() : 0);
      String path = file ? "/" + obj.file().name() : shm ? "/dev/shm/" + obj.name() : null;
      sb.append(path == null ? line : pad(line) + path).append('\n');
      i = j;
    }
    return sb.toString();
  }

  /** A reservation shows one VMA per run of committed or reserved pages, as mprotect split it. */
  private void reservation(StringBuilder sb, Region r) {
    VmaState vma = VmaState.of(r);
    long start = 0;
    while (start < r.pages()) {
      Protection prot = vma.protectionAt(r, start);
      long end = start + 1;
      while (end < r.pages() && vma.protectionAt(r, end).equals(prot)) {
        end++;
      }
      sb.append(
              header(
                  (r.startVpn() + start) << mm.pageShift,
                  (r.startVpn() + end) << mm.pageShift,
                  prot.rwx() + "p",
                  0,
                  "00:00",
                  0))
          .append('\n');
      start = end;
    }
  }

  /**
   * vma_merge at mmap: two adjacent private anonymous VMAs with the same permissions, accounting
   * and huge-page advice are one VMA.
   */
  private static boolean mergeable(Region a, Region b) {
    if (a.endVpn() != b.startVpn()
        || a.object().kind() != MemoryObject.Kind.ANONYMOUS
        || b.object().kind() != MemoryObject.Kind.ANONYMOUS
        || a.sharing() != Region.Sharing.PRIVATE
        || b.sharing() != Region.Sharing.PRIVATE
        || !a.protection().equals(b.protection())) {
      return false;
    }
    VmaState x = VmaState.of(a);
    VmaState y = VmaState.of(b);
    return (x.accounted > 0) == (y.accounted > 0)
        && x.huge == y.huge
        && x.reservedFor == null
        && y.reservedFor == null;
  }

  String rollup(Proc p) {
    Smaps.Stats s = measure(p);
    List<Region> regions = p.space().regions();
    long start = regions.isEmpty() ? 0 : regions.get(0).startVpn() << mm.pageShift;
    long end = regions.isEmpty() ? 0 : regions.get(regions.size() - 1).endVpn() << mm.pageShift;
    StringBuilder sb = new StringBuilder();
    sb.append(pad(header(start, end, "---p", 0, "00:00", 0))).append("[rollup]\n");
    kb(sb, "Rss:", s.resident);
    kb(sb, "Pss:", s.pssBytes());
    kb(sb, "Pss_Dirty:", s.pssDirty >> 12);
    kb(sb, "Pss_Anon:", s.pssAnon >> 12);
    kb(sb, "Pss_File:", s.pssFile >> 12);
    kb(sb, "Pss_Shmem:", s.pssShmem >> 12);
    kb(sb, "Shared_Clean:", s.sharedClean);
    kb(sb, "Shared_Dirty:", s.sharedDirty);
    kb(sb, "Private_Clean:", s.privateClean);
    kb(sb, "Private_Dirty:", s.privateDirty);
    kb(sb, "Referenced:", s.referenced);
    kb(sb, "Anonymous:", s.anonymous);
    kb(sb, "KSM:", 0);
    kb(sb, "LazyFree:", s.lazyFree);
    kb(sb, "AnonHugePages:", s.anonHuge);
    for (String zero :
        new String[] {"ShmemPmdMapped:", "FilePmdMapped:", "Shared_Hugetlb:", "Private_Hugetlb:"}) {
      kb(sb, zero, 0);
    }
    kb(sb, "Swap:", s.swap);
    kb(sb, "SwapPss:", s.swapPss >> 12);
    kb(sb, "Locked:", 0);
    return sb.toString();
  }

  /** show_vma_header_prefix: start-end perms offset dev inode, then a space. */
  private static String header(
      long start, long end, String perms, long offset, String dev, long inode) {
    return String.format(
        Locale.ROOT, "%08x-%08x %s %08x %s %d ", start, end, perms, offset, dev, inode);
  }

  /** seq_pad: spaces up to the path column, then the one separating space. */
  private static String pad(String header) {
    StringBuilder sb = new StringBuilder(header);
    while (sb.length() < PAD) {
      sb.append(' ');
    }
    return sb.append(' ').toString();
  }

  /** SEQ_PUT_DEC: the name padded to 16 columns, the value in kB right-aligned in 8. */
  private static void kb(StringBuilder sb, String name, long bytes) {
    sb.append(String.format(Locale.ROOT, "%-16s%8d kB\n", name, bytes >> 10));
  }
}
