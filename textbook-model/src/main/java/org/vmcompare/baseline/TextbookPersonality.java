package org.vmcompare.baseline;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.textbook.Policies;
import org.vmcompare.textbook.ReplacementPolicy;
import org.vmcompare.util.LongIntHashMap;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * The textbook baseline on the real machine: one global pool of frames, every reference shown to a
 * {@link ReplacementPolicy} (FIFO, LRU, CLOCK, RANDOM), pages written to an unbounded swap area
 * when evicted dirty. It is what the lecture notes draw, run on the same MMU and TLB as the OS
 * models, so their figures can be compared with it.
 *
 * <p>FIFO, LRU and RANDOM identify a page by {@code pid << 40 | vpn} and page in {@link
 * #onReference}; the MMU then finds the page mapped. CLOCK pages from the fault handler, as a
 * kernel does, with its hand over the frames ({@link FrameClock}). A page's swap slot is kept in
 * its memory object's slots (slot + 1) while the page is out, and kept after swap-in as a clean
 * copy, like a swap cache.
 */
public final class TextbookPersonality implements OsPersonality {
  private final TextbookOptions options;
  private final FaultInjection faults;
  private Kernel kernel;
  private Mappings mappings;
  private Machine machine;
  private PhysicalMemory memory;
  private Metrics metrics;
  private ReplacementPolicy policy;
  private FrameLists free;
  private LongIntHashMap resident;
  private BackingStore swap;
  private int frames;

  /**
   * CLOCK runs on the MMU's accessed bits, from the fault path, with its hand over the frames; the
   * others see every reference. Null for the others.
   */
  private FrameClock clock;

  /**
   * @param faults test-only bugs to plant ({@link TextbookFaults}); {@link FaultInjection#NONE}
   *     outside the check engine's tests
   */
  @Inject
  public TextbookPersonality(TextbookOptions options, FaultInjection faults) {
    this.options = Objects.requireNonNull(options, "options is null");
    this.faults = Objects.requireNonNull(faults, "faults is null");
  }

  @Override
  public String name() {
    return "textbook";
  }

  @Override
  public void boot(Kernel k) {
    this.kernel = k;
    this.mappings = new Mappings(k);
    this.machine = k.machine();
    this.memory = machine.memory();
    this.metrics = k.metrics();
    int usable = memory.usableFrames();
    if (options.frames() > usable) {
      throw new RunFailure(
          "textbook: frames "
              + options.frames()
              + " is more than the machine's "
              + usable
              + " usable frames; raise machine.ram",
          true);
    }
    frames = options.frames() == 0 ? usable : (int) options.frames();
    if (options.policy().equals("CLOCK")) {
      clock = new FrameClock(machine, memory.kernelFrames(), frames);
    } else {
      free = new FrameLists(memory.frames(), "free");
      for (int f = memory.kernelFrames(); f < memory.kernelFrames() + frames; f++) {
        free.addTail(0, f);
      }
      resident = new LongIntHashMap(Math.max(16, frames));
      policy = Policies.create(options.policy(), frames, k.random().split().nextLong(), null);
    }
    swap = new BackingStore("textbook swap", 0, Integer.MAX_VALUE - 8);
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), op.protection());
    if (r == null) {
      return Outcome.failed("ENOMEM", "no room in the address space for " + op.pages() + " pages");
    }
    return Outcome.ok(r.startVpn() << machine.paging().pageShift());
  }

  @Override
  public boolean observesEveryReference() {
    return clock == null;
  }

  @Override
  public void onReference(Proc p, long vpn, int access) {
    long key = ((long) p.pid() << 40) | vpn;
    if (resident.get(key) >= 0) {
      policy.access(key);
      return;
    }
    Region r = p.space().find(vpn);
    if (r == null || !r.protection().read()) {
      return; // the MMU will fault and the fault handler reports the segmentation fault
    }
    miss(p, r, vpn, key);
  }

  /** A reference to a page that is not resident: choose a victim, then bring the page in. */
  private void miss(Proc p, Region r, long vpn, long key) {
    if (policy.access(key)) {
      throw new IllegalStateException("policy and frame table disagree about " + key);
    }
    long victim = policy.lastVictim();
    if (victim >= 0) {
      int frame = resident.remove(victim);
      if (frame < 0) {
        throw new IllegalStateException("textbook: victim " + victim + " has no frame");
      }
      evict(frame);
      free.addTail(0, frame);
    }
    int frame = free.pollHead(0);
    if (frame < 0) {
      throw new IllegalStateException("textbook: no free frame after eviction");
    }
    pageIn(p, r, vpn, frame);
    resident.put(key, frame);
  }

  /** CLOCK's miss, from the fault handler: a free frame, else the frame under the hand. */
  private void clockMiss(Proc p, Region r, long vpn) {
    int frame = clock.takeFree();
    if (frame < 0) {
      frame = clock.victim();
      evict(frame);
    }
    pageIn(p, r, vpn, frame);
  }

  private void pageIn(Proc p, Region r, long vpn, int frame) {
    MemoryObject obj = r.object();
    long page = r.objectPage(vpn);
    memory.claim(frame, obj.id(), (int) page);
    long slot = obj.slots().get(page) - 1;
    if (slot >= 0) {
      memory.setContent(
          frame, faults.on(TextbookFaults.LOSE_PAGE_ON_SWAP_IN) ? 0 : swap.read((int) slot));
      metrics.increment(Counter.FAULTS_MAJOR);
      metrics.increment(Counter.SWAP_IN);
      if (!faults.on(TextbookFaults.MISCOUNT_MAJOR_FAULTS)) {
        p.countMajorFault();
      }
      machine.clock().advance(machine.costs().diskReadNs() + machine.costs().minorFaultNs());
    } else {
      memory.setContent(frame, 0);
      metrics.increment(Counter.FAULTS_MINOR);
      metrics.increment(Counter.ZERO_FILLS);
      p.countMinorFault();
      machine.clock().advance(machine.costs().zeroFillFaultNs());
    }
    long bits =
        Pte.USER
            | (r.protection().write() ? Pte.WRITABLE : 0)
            | (r.protection().execute() ? 0 : Pte.NO_EXECUTE);
    machine.map(p.space().pageTable(), vpn, frame, bits);
  }

  /**
   * Takes a page out of its frame, writing it to swap when dirty; the frame is then empty and the
   * caller's to reuse. The page's object and index come from the frame itself, as a kernel finds
   * them from its page frame database.
   */
  private void evict(int frame) {
    long bits = machine.unmapEverywhere(frame);
    MemoryObject obj = kernel.object(memory.owner(frame));
    long page = memory.ownerIndex(frame);
    if ((bits & Pte.DIRTY) != 0 && !faults.on(TextbookFaults.FORGET_DIRTY_ON_EVICT)) {
      long slot = obj.slots().get(page) - 1;
      if (slot < 0) {
        slot = swap.allocate();
        if (slot < 0) {
          swap.grow(Math.max(1024, swap.capacity() * 2));
          slot = swap.allocate();
        }
        obj.slots().set(page, slot + 1);
      }
      swap.write((int) slot, memory.content(frame));
      metrics.increment(Counter.SWAP_OUT);
      machine.clock().advance(machine.costs().diskWriteNs());
    }
    metrics.increment(Counter.EVICTIONS);
    memory.release(frame);
  }

  /** MADV_DONTNEED-like: the pages' contents go now; the next touch zero-fills. */
  @Override
  public Outcome release(Proc p, Op.Release op) {
    long dropped = drop(p, op.region(), op.firstPage(), op.pages());
    return Outcome.ok(dropped);
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    Region r = op.region();
    drop(p, r, 0, r.pages());
    mappings.unmap(p.space(), r);
    return Outcome.ok();
  }

  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    Region r = op.region();
    r.setProtection(op.protection());
    PageTable pt = p.space().pageTable();
    // A region this model cannot read is one no reference may use (its fault path's rule): the
    // resident pages lose the user bit, as Linux's PROT_NONE PTEs do, so a reference faults and
    // gets SIGSEGV whether or not its page happens to be resident.
    boolean readable = op.protection().read();
    long set =
        (readable ? Pte.USER : 0)
            | (op.protection().write() ? Pte.WRITABLE : 0)
            | (op.protection().execute() ? 0 : Pte.NO_EXECUTE);
    long clear =
        (readable ? 0 : Pte.USER)
            | (op.protection().write() ? 0 : Pte.WRITABLE)
            | (op.protection().execute() ? Pte.NO_EXECUTE : 0);
    for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
      if (Pte.present(pt.get(vpn))) {
        machine.updateBits(pt, vpn, set, clear);
      }
    }
    return Outcome.ok();
  }

  /** Gives back the frame of a page just unmapped from {@code p} at {@code vpn}. */
  private void freeFrame(Proc p, long vpn, int frame) {
    if (faults.on(TextbookFaults.MISCOUNT_FREE_LIST)) {
      if (clock == null) {
        long key = ((long) p.pid() << 40) | vpn;
        resident.remove(key);
        policy.remove(key);
      }
      memory.release(frame);
      return;
    }
    if (clock != null) {
      clock.release(frame);
    } else {
      long key = ((long) p.pid() << 40) | vpn;
      resident.remove(key);
      policy.remove(key);
      free.addTail(0, frame);
    }
    memory.release(frame);
  }

  /** Frees a range's frames and swap copies; returns how many pages had contents. */
  private long drop(Proc p, Region r, long firstPage, long pages) {
    PageTable pt = p.space().pageTable();
    MemoryObject obj = r.object();
    long dropped = 0;
    for (long i = firstPage; i < firstPage + pages; i++) {
      long vpn = r.startVpn() + i;
      boolean had = false;
      long pte = machine.unmap(pt, vpn);
      if (pte != 0 && faults.on(TextbookFaults.STALE_TLB_ON_UNMAP)) {
        machine.tlb().insert(p.pid(), vpn, pte); // the entry the shootdown should have removed
      }
      if (pte != 0) {
        freeFrame(p, vpn, (int) Pte.frame(pte));
        had = true;
      }
      long page = r.objectPage(vpn);
      long slot = obj.slots().get(page) - 1;
      if (slot >= 0) {
        swap.release((int) slot);
        obj.slots().set(page, 0);
        had = true;
      }
      if (had) {
        dropped++;
      }
    }
    metrics.add(Counter.DISCARDS, dropped);
    return dropped;
  }

  /** One view, "frames": what the pool holds for each live process. */
  @Override
  public Map<String, String> views(ViewRequest request) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(Locale.ROOT, "%-8s %-16s %10s %10s\n", "PID", "NAME", "RESIDENT", "SWAPPED"));
    for (Proc q : request.processes()) {
      long[] counts = new long[2];
      q.space()
          .pageTable()
          .forEachLeaf(
              (vpn, level, pte) -> {
                if (Pte.present(pte)) {
                  counts[0]++;
                }
              });
      for (Region r : q.space().regions()) {
        r.object().slots().forEachNonZero((page, v) -> counts[1]++);
      }
      sb.append(
          String.format(
              Locale.ROOT, "%-8d %-16s %10d %10d\n", q.pid(), q.name(), counts[0], counts[1]));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "pool: %d frames, %d free, policy %s\n",
            frames,
            clock == null ? free.size(0) : clock.free(),
            options.policy()));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("frames", sb.toString());
    return out;
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    if (kind == FaultKind.NOT_PRESENT && region != null && region.protection().read()) {
      if (clock == null) {
        // Every reference passes onReference first, which maps the page; reaching here means
        // the hook was bypassed, which the engine never does.
        throw new IllegalStateException(
            "textbook: page 0x" + Long.toHexString(vaddr) + " not mapped after the reference hook");
      }
      clockMiss(p, region, vaddr >>> machine.paging().pageShift());
      return FaultResult.RESOLVED;
    }
    return FaultResult.SEGV;
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    // One pass over the page tables frees every frame, in VPN order, as unmapping page by page
    // did (a quarter of a million pages after a long trace: no walk and no TLB scan per page).
    boolean leak = faults.on(TextbookFaults.LEAK_ON_EXIT);
    machine.unmapAll(
        p.space().pageTable(),
        (vpn, level, pte) -> {
          if (!leak) {
            freeFrame(p, vpn, (int) Pte.frame(pte));
          }
        });
    for (Region r : p.space().regions()) {
      MemoryObject obj = r.object();
      obj.slots().forEachNonZero((page, slotPlusOne) -> swap.release((int) (slotPlusOne - 1)));
      mappings.unmap(p.space(), r);
    }
    return Outcome.ok();
  }

  /**
   * The pool's books: every frame of the pool is free or holds exactly one page, so the free count
   * and the resident count add up to the pool, and the resident count is what the machine has in
   * use (the baseline is the only user of frames).
   */
  @Override
  public List<String> audit() {
    List<String> problems = new ArrayList<>();
    long freeFrames = clock == null ? free.size(0) : clock.free();
    long held = clock == null ? resident.size() : memory.inUse();
    if (freeFrames + held != frames) {
      problems.add(
          "textbook: "
              + freeFrames
              + " free + "
              + held
              + " resident frames, but the pool has "
              + frames);
    }
    if (held != memory.inUse()) {
      problems.add(
          "textbook: " + held + " resident pages, but " + memory.inUse() + " frames in use");
    }
    if (clock == null && policy.resident() != resident.size()) {
      problems.add(
          "textbook: the policy holds "
              + policy.resident()
              + " pages, the frame table "
              + resident.size());
    }
    return problems;
  }

  @Override
  public List<String> simplifications() {
    return List.of(
        "textbook: one global pool of "
            + frames
            + " frames shared by every process; no page cache, no sharing",
        clock != null
            ? "textbook: CLOCK runs on the MMU's accessed bits (a second chance per set bit),"
                + " as a kernel would"
            : "textbook: the policy ("
                + options.policy()
                + ") sees every reference, exactly, instead of sampling accessed bits",
        "textbook: swap is unbounded; a clean page keeps its swap copy after swap-in");
  }
}
