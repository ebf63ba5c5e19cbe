package org.vmcompare.linux;

import java.util.Locale;
import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.vm.Region;

/**
 * The OOM killer (mm/oom_kill.c): when reclaim cannot free memory, the live process with the
 * highest oom_badness is killed with SIGKILL and its memory freed at once (as the OOM reaper does).
 * {@code points = rss + swap entries + page-table pages}, plus {@code oom_score_adj × (totalpages /
 * 1000)} with totalpages = RAM + swap; oom_score_adj -1000 is never chosen; on a tie the later
 * process in the task list goes.
 */
final class OomKiller {
  private final Mm mm;
  private final Teardown teardown;
  private final ProcViews views;
  private final long totalPages;

  OomKiller(Mm mm, Teardown teardown, ProcViews views) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.teardown = Objects.requireNonNull(teardown, "teardown is null");
    this.views = Objects.requireNonNull(views, "views is null");
    this.totalPages = mm.managedPages() + mm.kernel.swap().capacity();
  }

  /** oom_badness, or Long.MIN_VALUE for a process that may not be killed. */
  long badness(Proc p) {
    long adj = p.options().integer("oomScoreAdj");
    if (adj == -1000 || !p.alive()) {
      return Long.MIN_VALUE;
    }
    MmState st = MmState.of(p);
    long points = st.rss() + st.swapEntries() + p.space().pageTable().tablePages();
    return points + adj * (totalPages / 1000);
  }

  /** out_of_memory: kills the worst process; false when none may be killed. */
  boolean kill(Proc requester) {
    Proc victim = null;
    long worst = Long.MIN_VALUE;
    for (Proc p : mm.kernel.processes()) {
      long points = badness(p);
      if (points != Long.MIN_VALUE && points >= worst) {
        victim = p;
        worst = points;
      }
    }
    if (victim == null) {
      return false;
    }
    mm.kernel.log(logLine(victim));
    views.measure(victim);
    teardown.exit(victim);
    mm.kernel.reap(victim, ProcState.KILLED, "OOM killer");
    mm.metrics.increment(Counter.KILLS);
    return true;
  }

  /** The kernel's line (6.x __oom_kill_process), sizes in kB. */
  private String logLine(Proc p) {
    MmState st = MmState.of(p);
    long kb = mm.pageSize / 1024;
    long totalVm = 0;
    for (Region r : p.space().regions()) {
      totalVm += r.pages();
    }
    return String.format(
        Locale.ROOT,
        "Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB,"
            + " shmem-rss:%dkB, UID:0 pgtables:%dkB oom_score_adj:%d",
        p.pid(),
        p.name(),
        totalVm * kb,
        st.anon() * kb,
        st.file() * kb,
        st.shmem() * kb,
        p.space().pageTable().tablePages() * kb,
        p.options().integer("oomScoreAdj"));
  }
}
