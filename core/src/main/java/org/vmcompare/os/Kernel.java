package org.vmcompare.os;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PageTable;
import org.vmcompare.io.Disk;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.ProcessMetrics;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.AddressSpace;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.FileStore;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;

/**
 * What core hands a personality at boot: the machine, the event queue (for daemons and idle work),
 * the disk, the metrics, the files and the swap device, the process table, the run's memory objects
 * (with the one-per-name shared objects and one-per-file file objects) and the run's randomness.
 *
 * <p>Blocking: a model makes a process wait with {@link #block(Proc, long)} (until a time), {@link
 * #block(Proc)} (until {@link #wake}), {@link #hang} (the same, for something only a user or
 * another process can bring) or {@link #waitForRead} (until a disk read completes), or gives up the
 * CPU for a moment with {@link #yield}; then it answers {@link FaultResult#BLOCKED} from a fault,
 * or {@link Outcome#blocked} from an operation, and the engine re-issues the reference or the rest
 * of the operation when the process runs again. An operation may also answer normally after
 * blocking: the process then waits before its next step.
 *
 * <p>Randomness: {@link #random()} is the run's root generator, seeded from the run seed; a model
 * should {@code split()} it once per daemon or purpose at boot, so adding a random choice in one
 * place does not shift every other.
 */
public final class Kernel {
  private static final int LOG_LIMIT = 10_000;

  private final Machine machine;
  private final EventQueue events;
  private final Metrics metrics;
  private final RunInfo run;
  private final FileStore files = new FileStore();
  private final BackingStore swap;
  private final Disk disk;
  private final SplittableRandom random;
  private final List<Proc> procs = new ArrayList<>();
  private final List<LogEntry> log = new ArrayList<>();
  private List<MetricSpec> processMetrics = List.of();
  private final List<MemoryObject> objects = new ArrayList<>();
  private final Map<String, MemoryObject> sharedByName = new LinkedHashMap<>();
  private final Map<SimFile, MemoryObject> byFile = new HashMap<>();
  private long droppedLogLines;

  @Inject
  public Kernel(Machine machine, EventQueue events, Metrics metrics, RunInfo run) {
    this.machine = Objects.requireNonNull(machine, "machine is null");
    this.events = Objects.requireNonNull(events, "events is null");
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
    this.run = Objects.requireNonNull(run, "run is null");
    int swapSlots = (int) Math.min(Integer.MAX_VALUE - 8, machine.spec().swapPages());
    int swapMax = (int) Math.min(Integer.MAX_VALUE - 8, machine.spec().swapMaxPages());
    this.swap = new BackingStore("swap", swapSlots, swapMax);
    this.disk = new Disk(machine.clock(), events, machine.costs(), metrics);
    this.random = new SplittableRandom(run.seed());
  }

  public Machine machine() {
    return machine;
  }

  public EventQueue events() {
    return events;
  }

  public Metrics metrics() {
    return metrics;
  }

  public RunInfo run() {
    return run;
  }

  public FileStore files() {
    return files;
  }

  /**
   * The machine's swap device: {@code machine.swap} slots at boot, growable to {@code
   * machine.swapMax} by a model that grows its swap (a Windows pagefile); models may size their
   * own.
   */
  public BackingStore swap() {
    return swap;
  }

  /**
   * The machine's disk, where swap, pagefile, swapfiles and files live: queued requests whose
   * completions are events. {@link #waitForRead} blocks a process on a read; writes are queued and
   * the CPU goes on.
   */
  public Disk disk() {
    return disk;
  }

  public SplittableRandom random() {
    return random;
  }

  public long now() {
    return machine.clock().now();
  }

  /**
   * Creates a process with a fresh address space (pid doubles as ASID) and its per-process options
   * on this run's system; a fork child passes its parent's.
   */
  public Proc newProcess(String name, ProcessOptions options, Proc parent) {
    int pid = procs.size() + 100;
    PageTable pt = machine.pageTables().create(pid);
    Proc p = new Proc(pid, name, parent, new AddressSpace(pt), options);
    p.attachMetrics(new ProcessMetrics(processMetrics));
    procs.add(p);
    return p;
  }

  /**
   * Declares the metrics every process of this run carries (the model's {@code
   * OsPersonality.processMetrics()}); the engine calls it once, after {@code boot} and before the
   * first process exists.
   */
  public void declareProcessMetrics(List<MetricSpec> specs) {
    if (!procs.isEmpty()) {
      throw new IllegalStateException("process metrics must be declared before any process exists");
    }
    Set<String> names = new HashSet<>();
    for (MetricSpec s : specs) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("process metric '" + s.name() + "' declared twice");
      }
    }
    this.processMetrics = List.copyOf(specs);
  }

  /** The per-process metrics of this run, in display order. */
  public List<MetricSpec> processMetrics() {
    return processMetrics;
  }

  /** Every process ever created, in creation order. */
  public List<Proc> processes() {
    return Collections.unmodifiableList(procs);
  }

  public Proc process(int pid) {
    int i = pid - 100;
    return i >= 0 && i < procs.size() ? procs.get(i) : null;
  }

  public MemoryObject newObject(MemoryObject.Kind kind, String name, long pages, SimFile file) {
    MemoryObject obj = new MemoryObject(objects.size() + 1, kind, name, pages, file);
    objects.add(obj);
    return obj;
  }

  /**
   * The live object with this id (what {@code PhysicalMemory.owner(frame)} names), or null when it
   * was never created or has been {@link #forget forgotten}.
   */
  public MemoryObject object(int id) {
    return id >= 1 && id <= objects.size() ? objects.get(id - 1) : null;
  }

  /**
   * Declares an object dead so {@link #object} no longer finds it, nor does its name ({@link
   * #findSharedObject}) or its file ({@link #fileObject}): the next use of either creates a new
   * one.
   */
  public void forget(MemoryObject obj) {
    if (object(obj.id()) == obj) {
      objects.set(obj.id() - 1, null);
    }
    if (obj.name() != null) {
      sharedByName.remove(obj.name(), obj);
    }
    if (obj.file() != null) {
      byFile.remove(obj.file(), obj);
    }
  }

  /**
   * Named shared memory, created or opened (shm_open with O_CREAT, CreateFileMapping with a name, a
   * named memory entry): the run's one {@link MemoryObject.Kind#SHARED SHARED} object with this
   * name, created with {@code pages} pages if the name is new. An existing object is returned as it
   * is, whatever {@code pages} says; whether a size mismatch is an error, and whether the caller
   * wanted to create or only to open, are the model's to judge ({@link #findSharedObject} first).
   *
   * <p>No reference is taken: each region that maps the object takes one ({@link Mappings#map}).
   */
  public MemoryObject sharedObject(String name, long pages) {
    Objects.requireNonNull(name, "name is null");
    if (pages < 0) {
      throw new IllegalArgumentException("shared object '" + name + "' with " + pages + " pages");
    }
    MemoryObject obj = sharedByName.get(name);
    if (obj == null) {
      obj = newObject(MemoryObject.Kind.SHARED, name, pages, null);
      sharedByName.put(name, obj);
    }
    return obj;
  }

  /** The run's shared object with this name, or null (shm_open without O_CREAT of a new name). */
  public MemoryObject findSharedObject(String name) {
    return sharedByName.get(Objects.requireNonNull(name, "name is null"));
  }

  /**
   * Drops a name (shm_unlink): {@link #sharedObject} then creates a new object under it, while
   * regions mapping the old one keep it. When a name goes is the model's call (POSIX: at unlink;
   * Windows: with the last handle or view). Returns whether the name existed.
   */
  public boolean unlinkSharedObject(String name) {
    return sharedByName.remove(Objects.requireNonNull(name, "name is null")) != null;
  }

  /**
   * The run's one {@link MemoryObject.Kind#FILE FILE} object for a file of {@link #files}, created
   * on first use with the file's current size: the page cache of that file (Linux's address_space),
   * its section's control area (Windows), its vnode pager object (XNU). Reading and writing the
   * file and mapping it share this object, so they share its pages. The model keeps {@link
   * MemoryObject#pages} in step when the file grows.
   *
   * <p>No reference is taken: each region that maps the object takes one ({@link Mappings#map}).
   */
  public MemoryObject fileObject(SimFile file) {
    Objects.requireNonNull(file, "file is null");
    if (files.get(file.name()) != file) {
      throw new IllegalArgumentException("file '" + file.name() + "' is not one of this run's");
    }
    MemoryObject obj = byFile.get(file);
    if (obj == null) {
      obj = newObject(MemoryObject.Kind.FILE, file.name(), file.pages(), file);
      byFile.put(file, obj);
    }
    return obj;
  }

  /**
   * Makes a process wait until a simulated time (a fault stalled on low memory, a throttled
   * writer). The engine runs other processes and daemons meanwhile, and re-issues the stalled
   * reference (or the rest of the operation) when the process runs again. {@link #wake} ends the
   * wait early.
   */
  public void block(Proc p, long untilNs) {
    if (!p.alive()) {
      throw new IllegalStateException(p + " is not alive");
    }
    p.setWakeAt(Math.max(untilNs, now()));
    p.setState(ProcState.SLEEPING);
    p.setHangReason(null);
  }

  /**
   * Makes a process wait until something calls {@link #wake} (an I/O completion, a daemon that
   * freed memory). A run where every live process waits so and nothing is left to wake them ends
   * with an error, as a model bug, unless each of them {@link #hang hangs}.
   */
  public void block(Proc p) {
    block(p, Proc.FOREVER);
  }

  /**
   * Makes a process wait, as {@link #block(Proc)} does, for something only a user or another
   * process can bring: a dialog nobody answers in a run, memory some other process must free. The
   * engine runs the others meanwhile; {@link #wake} ends the wait. If nothing can wake it any more,
   * the run ends normally and the process ends {@link ProcState#HUNG} with {@code "hung: " +
   * reason} ({@link #endHung}); a process that waits with no such reason then is a model bug.
   */
  public void hang(Proc p, String reason) {
    Objects.requireNonNull(reason, "reason is null");
    block(p);
    p.setHangReason(reason);
  }

  /**
   * Queues a disk read of {@code pages} pages and blocks {@code p} until it completes: at
   * completion {@code whenDone} runs (may be null; install the page there), then {@code p} wakes.
   * {@code whenDone} runs even if {@code p} was killed meanwhile, so it must check {@link
   * Proc#alive}. Returns the completion time.
   */
  public long waitForRead(Proc p, int pages, Runnable whenDone) {
    block(p);
    return disk.read(
        pages,
        () -> {
          if (whenDone != null) {
            whenDone.run();
          }
          wake(p);
        });
  }

  /** Ends a wait started by {@link #block} (or a sleep step) now. */
  public void wake(Proc p) {
    if (p.state() == ProcState.SLEEPING) {
      p.setWakeAt(now());
      p.setHangReason(null);
    }
  }

  /**
   * Gives up the CPU without waiting for anything: the process stays runnable, but its quantum ends
   * now, so due events (a daemon the caller just woke with {@code events().at(now(), …)}) run
   * before it goes on, and other runnable processes get their turn first. Answer {@link
   * FaultResult#BLOCKED} (or {@link Outcome#blocked}) to have the reference re-issued after, or
   * answer normally to go on with the next step after.
   */
  public void yield(Proc p) {
    if (!p.alive()) {
      throw new IllegalStateException(p + " is not alive");
    }
    p.setYielding(true);
  }

  /**
   * Ends a process whose memory the model has already torn down: frees its page tables and TLB
   * entries and records why it ended.
   */
  public void reap(Proc p, ProcState state, String reason) {
    if (state != ProcState.EXITED && state != ProcState.KILLED) {
      throw new IllegalArgumentException("reap needs EXITED or KILLED, got " + state);
    }
    machine.destroy(p.space().pageTable());
    p.setState(state);
    p.setHangReason(null);
    p.setEndReason(reason);
    log(p + " " + (state == ProcState.KILLED ? "killed: " : "exited: ") + reason);
  }

  /**
   * Ends a process the run leaves waiting at a {@link #hang}: nothing that could wake it is left.
   * It is neither exited nor killed: its memory stays as it is, and it ends {@link ProcState#HUNG}
   * with {@code "hung: " + reason}.
   */
  public void endHung(Proc p) {
    if (p.state() != ProcState.SLEEPING || p.hangReason() == null) {
      throw new IllegalStateException(p + " does not hang (" + p.state() + ")");
    }
    String reason = "hung: " + p.hangReason();
    p.setState(ProcState.HUNG);
    p.setEndReason(reason);
    log(p + " " + reason);
  }

  /**
   * Appends a line to the run's event log, stamped with simulated time. The log goes into the
   * results; a run keeps its first 10,000 lines and counts the rest.
   */
  public void log(String line) {
    if (log.size() < LOG_LIMIT) {
      log.add(new LogEntry(now(), line));
    } else {
      droppedLogLines++;
    }
  }

  /** The event log in the order it was written, with a last line counting those not kept. */
  public List<LogEntry> eventLog() {
    List<LogEntry> out = new ArrayList<>(log);
    if (droppedLogLines > 0) {
      out.add(new LogEntry(now(), "... " + droppedLogLines + " more lines not kept"));
    }
    return out;
  }
}
