package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.vm.Region;

/**
 * A process killed by another (an OOM killer choosing a bystander) makes no further reference, and
 * the engine closes its reference stream while the run goes on, so its trace file is released.
 */
final class KilledByAnotherTest {
  static final String TRACE = "victim-trace.pages";

  /**
   * The killer's first fault kills "victim" (as an OOM killer would), noting the descriptors open
   * on the victim's trace then ("test.trace.fds.at.kill"); every later fault of the killer counts
   * them again ("test.trace.fds").
   */
  static final class Killer implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private Metrics metrics;
    private int fds;
    private int fdsAtKill;
    private int checks;

    @Inject
    Killer() {}

    @Override
    public String name() {
      return "killer";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      metrics = k.metrics();
      paging = new DemandPaging(k);
      fds = metrics.register("test.trace.fds", "descriptors open on the victim's trace");
      fdsAtKill = metrics.register("test.trace.fds.at.kill", "the same, when it was killed");
      checks = metrics.register("test.fd.checks", "times the killer looked");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      if (p.name().equals("killer")) {
        for (Proc victim : kernel.processes()) {
          if (victim.name().equals("victim") && victim.alive()) {
            metrics.set(fdsAtKill, openDescriptorsOnTrace());
            paging.exit(victim);
            kernel.reap(victim, ProcState.KILLED, "killed by the killer");
          } else if (victim.name().equals("victim")) {
            metrics.set(fds, openDescriptorsOnTrace());
            metrics.increment(checks);
          }
        }
      }
      paging.mapNew(p, r, vaddr);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  /** Descriptors this JVM has open on a file named {@link #TRACE}. */
  static long openDescriptorsOnTrace() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  Path target = Files.readSymbolicLink(fd).getFileName();
                  return target != null && target.toString().equals(TRACE);
                } catch (IOException | UnsupportedOperationException e) {
                  return false; // closed meanwhile, or not a link
                }
              })
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void processKilledByAnother_makesNoMoreReferences_andItsTraceIsClosedAtOnce(@TempDir Path dir)
      throws IOException {
    assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("needs /proc/self/fd").isTrue();
    Path traceFile = dir.resolve(TRACE);
    StringBuilder pages = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      pages.append(i % 10).append('\n');
    }
    Files.writeString(traceFile, pages);

    RunResult r =
        TestRuns.run(
            Killer.class,
            """
            name: killed
            machine: {ram: 8MiB}
            systems: [toy]
            scheduler: {quantum: 100}
            processes:
              - name: victim
                steps:
                  - trace: {file: %s}
              - name: killer
                steps:
                  - allocate: {name: m, size: 300pages}
                  - touch: {region: m, pattern: sequential, passes: 1}
            """
                .formatted(traceFile));

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.processes())
        .extracting(ProcessSummary::name, ProcessSummary::state)
        .containsExactly(tuple("victim", "killed"), tuple("killer", "exited"));
    // The victim's first quantum, then nothing: the killer's 300 are all that follow.
    assertThat(r.counter("references")).isEqualTo(100 + 300);
    // Checked on the killer's faults after its first quantum: the trace was already closed.
    assertThat(r.counter("test.fd.checks")).isGreaterThan(100);
    assertThat(r.counter("test.trace.fds.at.kill")).isEqualTo(1);
    assertThat(r.counter("test.trace.fds")).isZero();
  }
}
