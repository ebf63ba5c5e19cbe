package org.vmcompare.io;

import java.util.ArrayDeque;
import java.util.Objects;
import org.vmcompare.hw.Clock;
import org.vmcompare.hw.CostModel;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.sim.EventQueue;

/**
 * The machine's one disk: swap, pagefile, swapfiles and files all live on it. A request is queued
 * and takes the cost model's time once the requests before it are done; its completion is an event
 * at {@link EventQueue#PRIORITY_DISK}. Nothing here stalls the CPU: a process that must wait for a
 * read blocks itself ({@code Kernel.waitForRead}), while writeback is simply queued and the writer
 * goes on.
 *
 * <p>Why a device and not a clock advance: with synchronous I/O a major fault stops every process,
 * and writeback by a daemon stalls the CPU as if it were computation. Real kernels overlap both
 * with other work, and that overlap is much of what separates their behaviour under pressure.
 *
 * <p>Simplifications, the same for every system: one request at a time in arrival order (FIFO, no
 * elevator, no parallel queues as NVMe has); a request of {@code n} pages costs {@link #readNs} or
 * {@link #writeNs} of {@code n}, with no seek model (sequential and random cost the same); requests
 * still queued when the run ends never complete and are not counted.
 *
 * <p>Counters: {@code disk.reads} and {@code disk.writes} count completed requests (not pages: a
 * 16-page cluster is one write), {@code disk.busy.ns} the time spent serving them, and {@code
 * disk.queue.max} the most requests queued or in service at once.
 *
 * <p>Requests complete in arrival order at increasing times, so only the oldest one's completion is
 * in the event queue at any moment; the rest wait here, in order, and each completion schedules the
 * next. A queue of thousands of reads (a thrashing process) then costs the event queue one entry,
 * not thousands, and the completions fire at the same times in the same order.
 */
public final class Disk {
  private final Clock clock;
  private final EventQueue events;
  private final CostModel costs;
  private final Metrics metrics;
  private long busyUntil;
  private int depth;

  /** Requests queued behind the one whose completion is scheduled, oldest first. */
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();

  /** Whether a completion is in the event queue (the oldest request's). */
  private boolean scheduled;

  /** A queued request; once scheduled, itself the completion event's action (no extra object). */
  private final class Request implements Runnable {
    final long end;
    final long serviceNs;
    final Counter done;
    final String name;
    final Runnable whenDone;

    Request(long end, long serviceNs, Counter done, String name, Runnable whenDone) {
      this.end = end;
      this.serviceNs = serviceNs;
      this.done = done;
      this.name = name;
      this.whenDone = whenDone;
    }

    @Override
    public void run() {
      depth--;
      metrics.increment(done);
      metrics.add(Counter.DISK_BUSY_NS, serviceNs);
      scheduleOldest();
      if (whenDone != null) {
        whenDone.run();
      }
    }
  }

  public Disk(Clock clock, EventQueue events, CostModel costs, Metrics metrics) {
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.events = Objects.requireNonNull(events, "events is null");
    this.costs = Objects.requireNonNull(costs, "costs is null");
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
  }

  /**
   * Queues a read of {@code pages} contiguous pages; {@code whenDone} (may be null) runs when it
   * completes, as an event. Returns the completion time.
   */
  public long read(int pages, Runnable whenDone) {
    return submit(readNs(pages), Counter.DISK_READS, "disk read", whenDone);
  }

  /**
   * Queues a write of {@code pages} contiguous pages (swap-out, a modified-page-writer cluster, a
   * dirty file page); the caller goes on at once. {@code whenDone} (may be null) runs at
   * completion, for a model that frees the page or moves it to a clean list only then. Returns the
   * completion time.
   */
  public long write(int pages, Runnable whenDone) {
    return submit(writeNs(pages), Counter.DISK_WRITES, "disk write", whenDone);
  }

  /**
   * Service time of a read of {@code pages} pages: {@code diskReadNs} for the first, a quarter of
   * it for each further page (a read is mostly latency; the same rule {@link CostModel#forPageSize}
   * uses for larger pages).
   */
  public long readNs(int pages) {
    checkPages(pages);
    return costs.diskReadNs() + (pages - 1) * (costs.diskReadNs() / 4);
  }

  /**
   * Service time of a write of {@code pages} pages: {@code diskWriteNs} each (throughput-bound).
   */
  public long writeNs(int pages) {
    checkPages(pages);
    return pages * costs.diskWriteNs();
  }

  /** Requests queued or in service now. */
  public int queueDepth() {
    return depth;
  }

  /** When the requests queued so far will all be done (now or earlier when the disk is idle). */
  public long idleAt() {
    return Math.max(busyUntil, clock.now());
  }

  private long submit(long serviceNs, Counter done, String name, Runnable whenDone) {
    long start = Math.max(busyUntil, clock.now());
    long end = start + serviceNs;
    busyUntil = end;
    depth++;
    if (depth > metrics.get(Counter.DISK_QUEUE_MAX)) {
      metrics.set(Counter.DISK_QUEUE_MAX, depth);
    }
    waiting.add(new Request(end, serviceNs, done, name, whenDone));
    if (!scheduled) {
      scheduleOldest();
    }
    return end;
  }

  /** Puts the oldest waiting request's completion in the event queue. */
  private void scheduleOldest() {
    Request r = waiting.poll();
    if (r == null) {
      scheduled = false;
      return;
    }
    scheduled = true;
    events.atExactly(r.end, EventQueue.PRIORITY_DISK, r.name, r);
  }

  private static void checkPages(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("a disk request needs at least one page, got " + pages);
    }
  }
}
