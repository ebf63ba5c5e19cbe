package org.vmcompare.macos;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * {@code vmmap PID} in the shape of the real tool's text (macOS 14/15; Apple publishes no
 * specification, so the shape follows captured output): the header with the physical footprint and
 * its peak, the non-writable and writable regions with their share modes, and the summary by region
 * type. REGION DETAIL names the experiment's mapping (and the file of a mapped file). PURGE is V, N
 * or E for purgeable memory; the summary's VOLATILE and NONVOL SIZE are the resident pages of
 * purgeable regions in those states, EMPTY SIZE the virtual size of empty ones.
 */
final class Vmmap {
  private static final String COLUMNS =
      String.format(
          "%-26s %-25s [ %6s %6s %6s %6s] %-7s %-6s %-5s %s%n",
          "REGION TYPE",
          "START - END",
          "VSIZE",
          "RSDNT",
          "DIRTY",
          "SWAP",
          "PRT/MAX",
          "SHRMOD",
          "PURGE",
          "REGION DETAIL");

  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final VmObjects.Lookup found = new VmObjects.Lookup();

  Vmmap(Mach m, Pmap pmap, VmObjects objects) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
  }

  String render(Proc p) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("Process:         %s [%d]%n", p.name(), p.pid()));
    Proc parent = p.parent();
    out.append(
        String.format(
            "Parent Process:  %s%n",
            parent == null ? "launchd [1]" : parent.name() + " [" + parent.pid() + "]"));
    out.append(String.format("Physical footprint:         %s%n", size(pmap.footprint(p))));
    out.append(
        String.format(
            "Physical footprint (peak):  %s%n", size(p.metrics().peak(MacosMetrics.FOOTPRINT))));
    out.append("----\n\n");
    out.append(String.format("Virtual Memory Map of process %d (%s)%n", p.pid(), p.name()));
    out.append(String.format("VM page size:  %d bytes%n%n", m.pageSize));
    List<Region> regions = p.space().regions();
    Map<String, long[]> summary = new TreeMap<>();
    for (boolean writable : new boolean[] {false, true}) {
      out.append(
          String.format(
              "==== %s regions for process %d%n", writable ? "Writable" : "Non-writable", p.pid()));
      out.append(COLUMNS);
      for (Region r : regions) {
        for (long from = 0, to; from < r.pages(); from = to) { // a reservation's parts apart
          to = Reservation.runEnd(r, from);
          if (Reservation.at(r, from).write() == writable) {
            row(out, p, r, from, to, summary);
          }
        }
      }
      out.append('\n');
    }
    out.append("==== Legend\nSM=sharing mode:\n");
    out.append("\tCOW=copy_on_write PRV=private NUL=empty ALI=aliased\n");
    out.append("\tSHM=shared ZER=zero_filled S/A=shared_alias\n");
    out.append(
        "PURGE=purgeable mode:\n\tV=volatile N=nonvolatile E=empty   otherwise is unpurgeable\n\n");
    out.append(String.format("==== Summary for process %d%n", p.pid()));
    summary(out, summary);
    return out.toString();
  }

  private void row(
      StringBuilder out, Proc p, Region r, long from, long to, Map<String, long[]> summary) {
    long resident = 0;
    long dirty = 0;
    long swapped = 0;
    MemoryObject top = r.object();
    Protection prot = Reservation.at(r, from);
    boolean reserved = Reservation.of(r) != null && !prot.read(); // never faulted: no object
    for (long i = from; top != null && !reserved && i < to; i++) {
      objects.lookup(top, r.objectOffset() + i, found);
      if (found.handle >= 0) {
        swapped++;
      } else if (found.frame >= 0) {
        resident++;
        if (m.memory.hasFlag(found.frame, PhysicalMemory.F_DIRTY | ObjState.CLEANING)
            || m.machine.dirtyAnywhere(found.frame)) {
          dirty++;
        }
      }
    }
    String type = type(r);
    String purge = Purgeable.mode(r);
    out.append(
        String.format(
            "%-26s %-25s [ %6s %6s %6s %6s] %s/%s SM=%-3s %-5s %s%n",
            type,
            Long.toHexString((r.startVpn() + from) << m.pageShift)
                + "-"
                + Long.toHexString((r.startVpn() + to) << m.pageShift),
            size(to - from),
            size(resident),
            size(dirty),
            size(swapped),
            prot.rwx(),
            r.maxProtection().rwx(),
            reserved ? ShareMode.EMPTY.shown : ShareMode.of(p, r).shown,
            purge,
            detail(r)));
    long[] s = summary.computeIfAbsent(type, t -> new long[8]);
    s[0] += to - from;
    s[1] += resident;
    s[2] += dirty;
    s[3]++;
    s[4] += swapped;
    switch (purge) {
      case "V" -> s[5] += resident;
      case "N" -> s[6] += resident;
      case "E" -> s[7] += to - from;
      default -> {}
    }
  }

  private void summary(StringBuilder out, Map<String, long[]> summary) {
    String fmt = "%-27s %8s %8s %8s %8s %8s %8s %8s %8s%n";
    out.append(
        String.format(
            fmt,
            "",
            "VIRTUAL",
            "RESIDENT",
            "DIRTY",
            "SWAPPED",
            "VOLATILE",
            "NONVOL",
            "EMPTY",
            "REGION"));
    out.append(
        String.format(
            fmt, "REGION TYPE", "SIZE", "SIZE", "SIZE", "SIZE", "SIZE", "SIZE", "SIZE", "COUNT"));
    String rule =
        String.format(
            fmt,
            "===========",
            "=======",
            "========",
            "=====",
            "=======",
            "========",
            "======",
            "=====",
            "=======");
    out.append(rule);
    long[] total = new long[8];
    for (Map.Entry<String, long[]> e : summary.entrySet()) {
      long[] s = e.getValue();
      out.append(
          String.format(
              fmt,
              e.getKey(),
              size(s[0]),
              size(s[1]),
              size(s[2]),
              size(s[4]),
              size(s[5]),
              size(s[6]),
              size(s[7]),
              s[3]));
      for (int i = 0; i < 8; i++) {
        total[i] += s[i];
      }
    }
    out.append(rule);
    out.append(
        String.format(
            fmt,
            "TOTAL",
            size(total[0]),
            size(total[1]),
            size(total[2]),
            size(total[4]),
            size(total[5]),
            size(total[6]),
            size(total[7]),
            total[3]));
  }

  private static String type(Region r) {
    MemoryObject obj = r.object();
    for (MemoryObject o = obj; o != null; o = o.shadow()) {
      if (o.kind() == MemoryObject.Kind.FILE) {
        return "mapped file";
      }
    }
    if (obj != null && obj.trueShare()) {
      return "shared memory";
    }
    return "VM_ALLOCATE";
  }

  private static String detail(Region r) {
    MemoryObject obj = r.object();
    for (MemoryObject o = obj; o != null; o = o.shadow()) {
      if (o.kind() == MemoryObject.Kind.FILE) {
        return o.file().name() + "  (" + r.label() + ")";
      }
    }
    if (obj != null && obj.trueShare()) {
      return "POSIX shm " + obj.name() + "  (" + r.label() + ")";
    }
    return r.label();
  }

  /** A size in vmmap's style: K below 10 MB, then M, then G, with one decimal. */
  private String size(long pages) {
    long kib = pages * m.pageSize / 1024;
    if (kib < 10 * 1024) {
      return kib + "K";
    }
    double mib = kib / 1024.0;
    return mib < 10 * 1024
        ? String.format(Locale.ROOT, "%.1fM", mib)
        : String.format(Locale.ROOT, "%.1fG", mib / 1024);
  }
}
