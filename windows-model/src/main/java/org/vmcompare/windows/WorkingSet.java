package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;
import org.vmcompare.util.LongIntHashMap;

/**
 * A working set list: a process's valid pages (VPNs), each with its own age from its PTE's accessed
 * bit, a clock hand where aging and trimming go on from, and the limits from the process's options.
 * The system cache's working set belongs to no process and has no PTEs the model walks: its entries
 * are keys of its own, and {@link NoPtes} answers for them what a process's page table would.
 * Entries are unordered; removing one moves the last entry into its place.
 */
final class WorkingSet {
  static final StateKey<WorkingSet> KEY = StateKey.of("windows.workingSet", WorkingSet.class);

  /** What a working set without a process (the system cache's) does where PTEs would. */
  interface NoPtes {
    /** The entry's accessed bit, cleared: whether it was referenced since the last aging. */
    boolean testAndClearAccessed(long key);

    /** The frame the entry holds, or -1 (a bug the audit reports). */
    int frame(long key);

    /** The entry has left the working set (trimmed): its page goes where a trimmed page goes. */
    void trimmed(long key);
  }

  /** The process, or null for the system cache. */
  final Proc proc;

  /** The system cache's entries, or null for a process. */
  final NoPtes system;

  final long minimum;
  final long maximum;
  final int priority;
  private long[] vpns = new long[64];
  private byte[] ages = new byte[64];
  private int size;
  private final int[] atAge = new int[8];
  private final LongIntHashMap index = new LongIntHashMap(64);
  int hand;

  /** QUOTA_LIMITS_HARDWS_MAX_ENABLE: growth past the maximum always replaces a page. */
  final boolean hardMaximum;

  /** QUOTA_LIMITS_HARDWS_MIN_ENABLE: never trimmed below the minimum, even when desperate. */
  final boolean hardMinimum;

  /** The foreground process: trimmed last, and gently in pass 0. */
  final boolean foreground;

  /** Pages of age >= 1 seen by the last aging pass: the working set manager's estimate. */
  long estimate;

  /** Private (not shared) pages among the entries. */
  long privatePages;

  WorkingSet(Proc proc) {
    this.proc = proc;
    this.system = null;
    this.minimum = proc.options().pages("workingSetMin");
    this.maximum = proc.options().pages("workingSetMax");
    this.priority = (int) proc.options().integer("memoryPriority");
    this.hardMaximum = proc.options().string("hardWorkingSetMax").equals("true");
    this.hardMinimum = proc.options().string("hardWorkingSetMin").equals("true");
    this.foreground = proc.options().string("foreground").equals("true");
  }

  /** A working set of no process: the system cache's, with its own limits and page priority. */
  WorkingSet(NoPtes system, long minimum, long maximum, int priority) {
    this.proc = null;
    this.system = system;
    this.minimum = minimum;
    this.maximum = maximum;
    this.priority = priority;
    this.hardMaximum = false;
    this.hardMinimum = false;
    this.foreground = false;
  }

  /** Who owns it, for messages. */
  String owner() {
    return proc == null ? "the system cache" : proc.toString();
  }

  static WorkingSet of(Proc p) {
    return p.modelState().require(KEY);
  }

  int size() {
    return size;
  }

  long vpn(int i) {
    return vpns[i];
  }

  int age(int i) {
    return ages[i];
  }

  void setAge(int i, int age) {
    atAge[ages[i]]--;
    atAge[age]++;
    ages[i] = (byte) age;
  }

  /** Entries of at least {@code age}, counted as ages change (no scan). */
  long atLeast(int age) {
    long n = 0;
    for (int a = age; a < atAge.length; a++) {
      n += atAge[a];
    }
    return n;
  }

  boolean contains(long vpn) {
    return index.containsKey(vpn);
  }

  void add(long vpn) {
    if (size == vpns.length) {
      vpns = Arrays.copyOf(vpns, size * 2);
      ages = Arrays.copyOf(ages, size * 2);
    }
    vpns[size] = vpn;
    ages[size] = 0;
    atAge[0]++;
    index.put(vpn, size);
    size++;
  }

  /** Removes the entry of a VPN; false when it had none. */
  boolean remove(long vpn) {
    if (!index.containsKey(vpn)) {
      return false;
    }
    int i = index.remove(vpn);
    atAge[ages[i]]--;
    int last = --size;
    if (i != last) {
      vpns[i] = vpns[last];
      ages[i] = ages[last];
      index.put(vpns[i], i);
    }
    if (hand >= size) {
      hand = 0;
    }
    return true;
  }
}
