package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/** What a model knows reaches the results: its log, per-process metrics and gauges. */
final class ResultsPlumbingTest {
  static final MetricSpec RSS = MetricSpec.withPeak("rss", Unit.PAGES, "resident pages");
  static final MetricSpec TOUCHED = MetricSpec.of("touched", Unit.COUNT, "pages ever faulted in");
  static final MetricSpec FREE =
      MetricSpec.of("metered.free", Unit.PAGES, "frames never handed out");

  /** Demand-zero paging from a bump allocator that keeps RSS, its peak, a gauge and a log. */
  static final class Metered implements OsPersonality {
    private Kernel kernel;
    private Mappings mappings;
    private int nextFrame;

    @Inject
    Metered() {}

    @Override
    public String name() {
      return "metered";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      mappings = new Mappings(k);
      nextFrame = k.machine().memory().kernelFrames();
      k.metrics().registerGauge(FREE, () -> k.machine().memory().frames() - nextFrame);
    }

    @Override
    public List<MetricSpec> processMetrics() {
      return List.of(RSS, TOUCHED);
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      Region r = mappings.allocate(p.space(), op.label(), op.pages(), op.protection());
      return Outcome.ok(r.startVpn() << 12);
    }

    @Override
    public Outcome release(Proc p, Op.Release op) {
      Region r = op.region();
      for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
        if (kernel.machine().unmap(p.space().pageTable(), r.startVpn() + i) != 0) {
          p.metrics().add(RSS, -1);
        }
      }
      kernel.log(p + " released " + op.pages() + " pages");
      return Outcome.ok();
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
      if (region == null) {
        return FaultResult.SEGV;
      }
      kernel
          .machine()
          .map(p.space().pageTable(), vaddr >>> 12, nextFrame++, Pte.USER | Pte.WRITABLE);
      p.metrics().add(RSS, 1);
      p.metrics().add(TOUCHED, 1);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      for (Region r : List.copyOf(p.space().regions())) {
        mappings.unmap(p.space(), r);
      }
      return Outcome.ok();
    }
  }

  private static final String YAML =
      """
      name: plumbing
      machine: {ram: 8MiB}
      systems: [textbook]
      sampling: {interval: 1ms}
      processes:
        - name: app
          steps:
            - allocate: {name: heap, size: 10pages}
            - touch: {region: heap, passes: 1}
            - release: {region: heap, size: 4pages}
            - sleep: 2ms
            - exit
      """;

  @Test
  void processMetrics_reachTheResults_withPeaksInDeclaredOrder() {
    RunResult r = TestRuns.run(Metered.class, YAML);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.processMetrics()).containsExactly(RSS, TOUCHED);
    ProcessSummary app = r.processes().get(0);
    assertThat(app.metrics())
        .containsExactly(entry("rss", 6L), entry("rss.peak", 10L), entry("touched", 10L));
  }

  @Test
  void gauges_areSampledIntoTheTimeSeries_afterTheEngineColumns() {
    RunResult r = TestRuns.run(Metered.class, YAML);

    assertThat(r.gauges()).containsExactly(FREE);
    assertThat(r.timeSeries().keySet()).endsWith("metered.free");
    List<Long> free = r.timeSeries().get("metered.free");
    assertThat(free).hasSameSizeAs(r.timeSeries().get("timeNs"));
    long frames = 8L << 20 >> 12;
    assertThat(free.get(free.size() - 1)).isLessThan(frames).isPositive();
  }

  @Test
  void eventLog_carriesModelAndEngineLines_withSimulatedTimes() {
    RunResult r = TestRuns.run(Metered.class, YAML);

    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .containsExactly("app[100] released 4 pages", "app[100] exited: exit");
    assertThat(r.eventLog().get(1).timeNs()).isGreaterThanOrEqualTo(2_000_000);
  }
}
