package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.Step;

/**
 * A file's data through the system cache, checked where checked mode does not look (its reference
 * model leaves file mappings unchecked): random experiments mix read-file, write-file, shared views
 * written and read, and private memory for pressure; before every step each page of the file must
 * read its last write (through the cache or a view) wherever it is, in a frame or on the disk, and
 * a page on Standby must be clean with the file holding it. Each experiment is replayed in checked
 * mode too (the frame audit, with the system cache's working set in it). {@code
 * -Dvmcompare.filecache.tries=N} runs more.
 */
final class FileCacheDataTest {
  private static final String FILE = "data.bin";

  @Test
  void randomFileIo_everyPageReadsItsLastWrite_andStandbyPagesAreOnDisk() {
    int tries = Integer.getInteger("vmcompare.filecache.tries", 40);
    int from = Integer.getInteger("vmcompare.filecache.from", 1);
    for (int seed = from; seed < from + tries; seed++) {
      checkOne("seed " + seed, experiment(new SplittableRandom(seed)));
    }
  }

  /**
   * Found by the test above (seed 132): a private page under a pagefile write was freed at exit and
   * its frame taken for a file-cache read; the write's completion then moved the frame, read not
   * yet, to Standby, where an allocation repurposed it and the file page read zero. A read into a
   * frame now starts a new write generation, as a pagefile read does.
   */
  @Test
  void regression_aPagefileWriteEndingOnAFrameNowBeingRead_leavesItAlone() {
    checkOne(
        "pagefile write, then a read into the same frame",
        """
        name: file-cache-data
        machine: {ram: 384pages, swap: 384pages}
        systems: [windows]
        files:
          - {name: data.bin, size: 29pages, seed: 5}
        processes:
          - name: p0
            steps:
              - read-file: {file: data.bin, offset: 24pages, size: 1pages}
              - read-file: {file: data.bin, offset: 5pages, size: 24pages}
              - write-file: {file: data.bin, offset: 3pages, size: 19pages}
              - write-file: {file: data.bin, offset: 23pages, size: 1pages}
              - write-file: {file: data.bin, offset: 23pages, size: 1pages}
              - map-file: {name: v5, file: data.bin, mode: shared}
              - map-file: {name: v6, file: data.bin, mode: shared}
              - write-file: {file: data.bin, offset: 2pages, size: 8pages}
              - map-file: {name: v8, file: data.bin, mode: shared}
          - name: p1
            start: 154us
            steps:
              - read-file: {file: data.bin, offset: 25pages, size: 2pages}
              - write-file: {file: data.bin, offset: 23pages, size: 6pages}
              - write-file: {file: data.bin, offset: 19pages, size: 1pages}
              - allocate: {name: h3, size: 19pages}
              - touch: {region: h3, writes: 1}
              - allocate: {name: h4, size: 131pages}
              - touch: {region: h4, writes: 1}
              - native: {os: windows, call: EmptyWorkingSet}
              - allocate: {name: h6, size: 19pages}
              - touch: {region: h6, writes: 1}
              - allocate: {name: h7, size: 148pages}
              - touch: {region: h7, writes: 1}
              - allocate: {name: h8, size: 20pages}
              - touch: {region: h8, writes: 1}
          - name: p2
            after: p0
            steps:
              - allocate: {name: h0, size: 80pages}
              - touch: {region: h0, writes: 1}
              - native: {os: windows, call: EmptyWorkingSet}
              - write-file: {file: data.bin, offset: 6pages, size: 8pages}
              - sleep: 1743ms
              - sleep: 900ms
              - write-file: {file: data.bin, offset: 25pages, size: 1pages}
              - sleep: 756ms
              - allocate: {name: h7, size: 36pages}
              - touch: {region: h7, writes: 1}
          - name: p3
            start: 132us
            steps:
              - read-file: {file: data.bin, offset: 23pages, size: 5pages}
              - read-file: {file: data.bin, offset: 28pages, size: 1pages}
              - map-file: {name: v2, file: data.bin, mode: shared}
              - map-file: {name: v3, file: data.bin, mode: shared}
              - write-file: {file: data.bin, offset: 22pages, size: 1pages}
        """);
  }

  /**
   * The same race through mapped views (item 4's hard fault, found while fixing the one above): a
   * process's pages are trimmed and under pagefile write when it exits; eight views fault on frames
   * it freed; each write's completion moved the frame, not read yet, to Standby, a hog took it, and
   * the view's read then landed in the hog's page (checked mode: data integrity).
   */
  @Test
  void regression_aPagefileWriteEndingOnAFrameAViewFaultIsReading_leavesItAlone() {
    checkOne(
        "pagefile write, then a view's hard fault into the same frame",
        """
        name: file-cache-data
        machine: {ram: 256pages, swap: 256pages}
        systems: [windows]
        files:
          - {name: data.bin, size: 64pages, seed: 5}
        processes:
          - name: dirty
            steps:
              - allocate: {name: heap, size: 230pages}
              - touch: {region: heap, writes: 1}
              - native: {os: windows, call: EmptyWorkingSet}
              - sleep: 1us
          - name: m0
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 0pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m1
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 1pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m2
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 2pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m3
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 3pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m4
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 4pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m5
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 5pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m6
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 6pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: m7
            after: dirty
            steps:
              - map-file: {name: v, file: data.bin, offset: 7pages, size: 1pages, mode: shared}
              - touch: {region: v}
          - name: hog
            after: dirty
            steps:
              - sleep: 2ms
              - allocate: {name: a, size: 235pages}
              - touch: {region: a, writes: 1}
              - touch: {region: a}
        """);
  }

  private static void checkOne(String what, String yaml) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("t.yaml", null, yaml);
    CheckReport report = new Checker(OsRegistry.load()).replay(exp, List.of());
    assertThat(report.violation()).as("%s, checked replay of%n%s", what, yaml).isNull();
    FileData data = new FileData();
    RunResult r =
        ExperimentRunner.runChecked(
            exp, ExperimentRunner.plan(exp, List.of(42L)).get(0), data, FaultInjection.NONE);
    assertThat(r.ok()).as("%s: %s%n%s", what, r.error(), yaml).isTrue();
    data.check("after the run");
    assertThat(data.problem).as("%s:%n%s", what, yaml).isNull();
  }

  /** A small machine under pressure, 2 to 4 processes doing file I/O and touching memory. */
  static String experiment(SplittableRandom rnd) {
    long ram = new long[] {256, 384, 512}[rnd.nextInt(3)];
    long filePages = 16 + rnd.nextInt(80);
    StringBuilder sb = new StringBuilder();
    sb.append("name: file-cache-data\n")
        .append("machine: {ram: ")
        .append(ram)
        .append("pages, swap: ")
        .append(ram)
        .append("pages}\nsystems: [windows]\nfiles:\n  - {name: ")
        .append(FILE)
        .append(", size: ")
        .append(filePages)
        .append("pages, seed: 5}\nprocesses:\n");
    int procs = 2 + rnd.nextInt(3);
    for (int p = 0; p < procs; p++) {
      sb.append("  - name: p").append(p).append('\n');
      if (p > 0 && rnd.nextInt(3) == 0) {
        sb.append("    after: p").append(rnd.nextInt(p)).append('\n');
      } else if (rnd.nextBoolean()) {
        sb.append("    start: ").append(rnd.nextInt(300)).append("us\n");
      }
      sb.append("    steps:\n");
      List<String> regions = new ArrayList<>();
      int steps = 3 + rnd.nextInt(8);
      for (int s = 0; s < steps; s++) {
        int pick = rnd.nextInt(100);
        long off = rnd.nextLong(filePages);
        long size = 1 + rnd.nextLong(filePages - off + (pick < 45 ? 0 : 8));
        if (pick < 25) {
          sb.append(io("read-file", off, size));
        } else if (pick < 50) {
          sb.append(io("write-file", off, size));
        } else if (pick < 62) {
          String name = "v" + s;
          regions.add(name);
          sb.append("      - map-file: {name: ").append(name).append(", file: ").append(FILE);
          sb.append(", mode: shared}\n");
        } else if (pick < 75 && !regions.isEmpty()) {
          String name = regions.get(rnd.nextInt(regions.size()));
          double writes = new double[] {0, 0.3, 1}[rnd.nextInt(3)];
          sb.append("      - touch: {region: ").append(name).append(", writes: ").append(writes);
          sb.append("}\n");
        } else if (pick < 85) {
          String name = "h" + s;
          sb.append("      - allocate: {name: ").append(name).append(", size: ");
          sb.append(1 + rnd.nextLong(ram / 2)).append("pages}\n");
          sb.append("      - touch: {region: ").append(name).append(", writes: 1}\n");
        } else if (pick < 90) {
          sb.append("      - native: {os: windows, call: EmptyWorkingSet}\n");
        } else if (pick < 95 && !regions.isEmpty()) {
          sb.append("      - unmap: ").append(regions.remove(rnd.nextInt(regions.size())));
          sb.append('\n');
        } else {
          sb.append("      - sleep: ").append(1 + rnd.nextInt(2500)).append("ms\n");
        }
      }
    }
    return sb.toString();
  }

  private static String io(String op, long off, long size) {
    return "      - "
        + op
        + ": {file: "
        + FILE
        + ", offset: "
        + off
        + "pages, size: "
        + size
        + "pages}\n";
  }

  /**
   * The file's expected contents, page by page: its seed's tokens until written; a write-file's
   * pages take what their frames hold when it completes, a write through a view what the write put.
   */
  private static final class FileData implements RunObserver {
    private Kernel kernel;
    private Parts parts;
    private SimFile file;
    private final Map<Long, Long> expected = new HashMap<>();
    private final Map<Integer, ArrayDeque<long[]>> writes = new HashMap<>();
    private final Map<Long, StringBuilder> history = new HashMap<>();
    String problem;

    @Override
    public void booted(Kernel k, OsPersonality os) {
      kernel = k;
      parts = ((WindowsPersonality) os).parts();
      file = k.files().get(FILE);
    }

    @Override
    public void stepStarted(Proc p, Step step) {
      check("before " + p + "'s step " + step.stepName());
      if (step instanceof Step.WriteFile w) {
        long pageSize = kernel.machine().memory().pageSize();
        long first = w.offset() == null ? 0 : w.offset().toPages(pageSize);
        long pages = w.size() == null ? file.pages() - first : w.size().toPages(pageSize);
        writes.computeIfAbsent(p.pid(), x -> new ArrayDeque<>()).add(new long[] {first, pages});
      }
    }

    @Override
    public void operated(Proc p, Op op, Outcome o) {
      if (op instanceof Op.FileIo io && io.write()) {
        long[] range = writes.get(p.pid()).poll();
        if (o.isOk()) {
          for (long page = range[0]; page < range[0] + range[1]; page++) {
            expected.put(page, current(page));
            note(page, p + " write-file " + current(page));
          }
        }
      }
    }

    @Override
    public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
      long vpn = vaddr >>> kernel.machine().paging().pageShift();
      Region r = p.space().find(vpn);
      if (problem != null
          || r == null
          || r.object() == null
          || r.object().kind() != MemoryObject.Kind.FILE) {
        return;
      }
      long page = r.objectPage(vpn);
      long content = kernel.machine().memory().content(frame);
      if (writing(page)) {
        return; // a write-file of the page is in flight: either value may be read
      }
      if (write) {
        expected.put(page, content);
        note(page, p + " view write " + content);
      } else if (content != expected(page)) {
        problem =
            p + " read page " + page + " through a view as " + content + ", not " + expected(page);
      }
    }

    /** Whether a write-file that covers the page has started and not ended. */
    private boolean writing(long page) {
      for (ArrayDeque<long[]> q : writes.values()) {
        for (long[] range : q) {
          if (page >= range[0] && page < range[0] + range[1]) {
            return true;
          }
        }
      }
      return false;
    }

    private void note(long page, String what) {
      history
          .computeIfAbsent(page, x -> new StringBuilder())
          .append(String.format("%n  at %d ns: %s", kernel.now(), what));
    }

    private long expected(long page) {
      Long e = expected.get(page);
      return e != null ? e : Tokens.filePage(file.contentSeed(), page);
    }

    /** What the page holds now: its frame's data, or the disk's while it has none or is read. */
    private long current(long page) {
      int f = Section.of(kernel.fileObject(file)).frame(page);
      return f < 0 || parts.pfn.listOf(f) == PageLists.TRANSITION
          ? file.read(page)
          : kernel.machine().memory().content(f);
    }

    void check(String where) {
      if (problem != null) {
        return;
      }
      PhysicalMemory m = kernel.machine().memory();
      Section section = Section.of(kernel.fileObject(file));
      long pages = Math.max(file.pages(), kernel.fileObject(file).pages());
      for (long page = 0; page < pages; page++) {
        if (writing(page)) {
          continue;
        }
        if (current(page) != expected(page)) {
          int f = section.frame(page);
          problem =
              where
                  + " at "
                  + kernel.now()
                  + " ns: page "
                  + page
                  + " holds "
                  + current(page)
                  + ", not "
                  + expected(page)
                  + (f < 0 ? " (no frame" : " (frame " + f + " on list " + parts.pfn.listOf(f))
                  + ", the file has "
                  + file.read(page)
                  + "); its writes:"
                  + history.getOrDefault(page, new StringBuilder());
          return;
        }
        int f = section.frame(page);
        int list = f < 0 ? -1 : parts.pfn.listOf(f);
        boolean standby = list >= PageLists.STANDBY0 && list < PageLists.STANDBY0 + 8;
        if (standby && (m.hasFlag(f, PhysicalMemory.F_DIRTY) || file.read(page) != m.content(f))) {
          problem = where + ": page " + page + " is on Standby but its file holds other data";
          return;
        }
      }
    }
  }
}
