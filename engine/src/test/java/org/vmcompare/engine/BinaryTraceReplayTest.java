package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.trace.BinaryTraceWriter;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.vm.Region;
import org.vmcompare.workload.ExperimentLoader;

/**
 * A binary trace that vmcompare wrote carries its page range in its header, so a replay sizes the
 * trace's region from it instead of reading the file twice; a header that lies about it is the
 * file's error, reported naming the record.
 */
final class BinaryTraceReplayTest {
  @TempDir Path dir;

  /** Demand paging that counts the pages each allocate asked for ("test.allocated.pages"). */
  static final class Recorder implements OsPersonality {
    private DemandPaging paging;
    private Metrics metrics;
    private int allocated;

    @Inject
    Recorder() {}

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public void boot(Kernel k) {
      paging = new DemandPaging(k);
      metrics = k.metrics();
      allocated = metrics.register("test.allocated.pages", "pages the allocates asked for");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      metrics.add(allocated, op.pages());
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      paging.mapNew(p, r, vaddr);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  private static RunResult replay(Path trace) {
    return TestRuns.run(
        Recorder.class,
        """
        name: replay
        machine: {ram: 8MiB}
        systems: [textbook]
        processes:
          - name: p
            steps: [{trace: {file: "%s"}}]
        """
            .formatted(trace));
  }

  /** Records 100, 103, 101, 100 (a write), 102: pages 100..103. */
  private static final long[] RECORDS = {
    100, 103, 101, TraceRecord.of(100, true), 102,
  };

  @Test
  void headerRange_sizesTheRegion_andTheReplayIsThatOfTheSamePagesAsText() throws IOException {
    Path binary = written("t.vmct");
    Path text = dir.resolve("t.pages");
    Files.writeString(text, "100\n103\n101\n100\n102\n");

    RunResult fromHeader = replay(binary);
    RunResult scanned = replay(text);

    assertThat(fromHeader.ok()).as(fromHeader.error()).isTrue();
    assertThat(fromHeader.counter("test.allocated.pages")).isEqualTo(4);
    assertThat(fromHeader.counter("references")).isEqualTo(5);
    assertThat(fromHeader.counter("test.allocated.pages"))
        .isEqualTo(scanned.counter("test.allocated.pages"));
    assertThat(fromHeader.counter("faults.minor")).isEqualTo(scanned.counter("faults.minor"));
  }

  @Test
  void headerRangeWiderThanTheRecords_isTaken_asTheFileSays() throws IOException {
    Path binary = written("wide.vmct");
    setRange(binary, 90, 109);

    assertThat(replay(binary).counter("test.allocated.pages")).isEqualTo(20);
  }

  @Test
  void headerRangeNarrowerThanTheRecords_isReported_namingTheRecordAndPage() throws IOException {
    Path binary = written("lies.vmct");
    setRange(binary, 100, 102);

    assertThatThrownBy(() -> replay(binary))
        .isInstanceOf(InputError.class)
        .hasMessage(
            binary
                + ": record 2 references page 103, outside the page range 100..102 its region was"
                + " sized for (the range a binary trace's header gives, or a first pass over the"
                + " file found)");
  }

  @Test
  void headerRangeTooWideForTheAddressSpace_isRefusedAtLoad_withoutReadingTheRecords()
      throws IOException {
    Path binary = written("huge.vmct");
    setRange(binary, 0, 1L << 40);
    Path yaml = dir.resolve("huge.yaml");
    Files.writeString(
        yaml,
        """
        name: huge
        machine: {ram: 8MiB}
        systems: [textbook]
        processes:
          - name: p
            steps: [{trace: {file: huge.vmct}}]
        """);

    assertThatThrownBy(() -> new ExperimentLoader(OsRegistry.load()).load(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("trace huge.vmct spans pages 0..1099511627776, more than the user");
  }

  /** {@link #RECORDS} written by vmcompare's writer to {@code name} in the test's folder. */
  private Path written(String name) throws IOException {
    Path binary = dir.resolve(name);
    try (BinaryTraceWriter w = new BinaryTraceWriter(binary, 12)) {
      w.write(RECORDS, 0, RECORDS.length);
    }
    return binary;
  }

  /** Rewrites a version 2 header's page range (offsets 16 and 24, the format's layout). */
  private static void setRange(Path file, long first, long last) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(16, first).putLong(24, last);
    Files.write(file, bytes);
  }
}
