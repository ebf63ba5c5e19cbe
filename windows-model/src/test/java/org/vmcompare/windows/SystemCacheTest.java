package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;
import static org.vmcompare.windows.WindowsRuns.process;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.hw.PageTable;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The system file cache (issue 9, item 5): ReadFile and WriteFile go through the file's section,
 * charged to the system cache working set; its pages go to Standby at the lazy close, where Task
 * Manager counts them as Cached and Available, until another allocation repurposes them.
 */
final class SystemCacheTest {
  @Test
  void fileCache_isCachedAndAvailable_warmReadHitsIt_andAnAllocationRepurposesIt() {
    RunResult r = WindowsRuns.scenario("file-cache.yaml").get(0);

    // cold read 2,048 pages (128 reads of 16), warm read 2,048 hits; the hog repurposes 1,536 of
    // them; the last read finds the other 512 and reads 1,536 (96 reads of 16)
    assertThat(r.counter("file.reads")).isEqualTo(2048 + 1536);
    assertThat(r.counter("windows.cache.misses")).isEqualTo(2048 + 1536);
    assertThat(r.counter("windows.cache.hits")).isEqualTo(2048 + 512);
    assertThat(r.counter("disk.reads")).isEqualTo(128 + 96);
    assertThat(r.counter("windows.standby.repurposed")).isEqualTo(1536);
    // the cache's faults are the system's: the readers count none
    assertThat(process(r, "reader").majorFaults()).isZero();
    assertThat(process(r, "reader").minorFaults()).isZero();
    assertThat(metric(r, "reader", "page_fault_count")).isZero();
    assertThat(metric(r, "reader-again", "page_fault_count")).isZero();
    assertThat(r.counter("faults.major")).isZero();

    Map<String, String> reading = r.views().get("reading");
    assertThat(reading.get("taskmgr"))
        .containsPattern("In use +8,192 K")
        .containsPattern("Cached +0 K");
    assertThat(reading.get("rammap")).containsPattern("Mapped File +8,192 K +8,192 K +0 K");
    Map<String, String> closed = r.views().get("closed");
    assertThat(closed.get("taskmgr"))
        .containsPattern("In use +0 K")
        .containsPattern("Available +14,336 K")
        .containsPattern("Cached +8,192 K");
    assertThat(closed.get("rammap"))
        .containsPattern("Standby \\(5\\) +8,192 K")
        .containsPattern("Mapped File +8,192 K +0 K +8,192 K +0 K");
    // the hog's page 2,950 finds 634 available and 2,949 pages of growth since its working set
    // began, more than 30 * 634^2 / 4096 + 1 = 2,945: it replaces one of its own (dirty: to
    // Modified), the next page's forced trim finds a claim of 0 and makes the estimate anew, and
    // the last 122 pages grow: 3,071 pages in its working set, 1 on Modified
    Map<String, String> pressed = r.views().get("pressed");
    assertThat(r.counter("windows.ws.replaced")).isEqualTo(1);
    assertThat(pressed.get("taskmgr"))
        .containsPattern("In use +12,284 K")
        .containsPattern("Available +2,048 K")
        .containsPattern("Cached +2,052 K");
    assertThat(pressed.get("rammap"))
        .containsPattern("Process Private +12,288 K +12,284 K +0 K +4 K")
        .containsPattern("Mapped File +2,048 K +0 K +2,048 K");
  }

  @Test
  void secondRead_whileTheFileFits_isServedFromTheCache_withoutADiskRead() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: warm-read
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: log.dat, size: 1MiB}
                processes:
                  - name: db
                    steps:
                      - read-file: {file: log.dat}
                      - read-file: {file: log.dat}
                      - sleep: 1500ms
                      - read-file: {file: log.dat, size: 512KiB}
                """)
            .get(0);

    assertThat(r.counter("file.reads")).isEqualTo(256);
    assertThat(r.counter("disk.reads")).isEqualTo(16); // 64 KiB a read
    assertThat(r.counter("windows.cache.hits")).isEqualTo(256 + 128);
    assertThat(process(r, "db").majorFaults()).isZero();
  }

  @Test
  void aFileLargerThanRam_streamsThroughTheCache_recyclingItsOwnStandby_andFillsAvailable() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: big-read
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: big.dat, size: 40MiB}
                processes:
                  - name: app
                    steps:
                      - read-file: {file: big.dat}
                      - sleep: 1500ms
                      - snapshot: closed
                      - read-file: {file: big.dat}
                """)
            .get(0);

    // 10,240 pages through 3,584 usable frames, twice. The reader outruns the working set
    // manager, whose passes are a tick or more apart, so most pages leave the cache's working set
    // when a read finds no page and trims a few at once, by a clock from the working set's hand;
    // each new page takes the slot of the last one trimmed (the WRK's free WSLE list), behind the
    // hand, so the clock goes round the file in the order it was read. The oldest Standby pages
    // go first too: like a strict LRU, the second pass finds none of the first pass's pages, and
    // every read past the first 3,584 repurposes a Standby page.
    assertThat(r.counter("windows.cache.hits")).isZero();
    assertThat(r.counter("file.reads")).isEqualTo(2 * 10240);
    assertThat(r.counter("windows.standby.repurposed")).isEqualTo(r.counter("file.reads") - 3584);
    assertThat(r.counter("faults.major") + r.counter("faults.minor")).isZero();
    // between the reads all of RAM is file cache on Standby: Cached = Available = usable RAM
    assertThat(r.views().get("closed").get("taskmgr"))
        .containsPattern("In use +0 K")
        .containsPattern("Available +14,336 K")
        .containsPattern("Cached +14,336 K");
  }

  @Test
  void cacheMaximum_isSoftWhileMemoryIsPlentiful_andHardWithSystemCacheWsMaxHard() {
    List<RunResult> rs =
        WindowsRuns.yaml(
            """
            name: cache-maximum
            machine: {ram: 64MiB, swap: 64MiB}
            systems:
              - {os: windows, label: soft, options: {systemCacheWsMaximum: 512}}
              - os: windows
                label: hard
                options: {systemCacheWsMaximum: 512, systemCacheWsMaxHard: true}
            files:
              - {name: data.bin, size: 8MiB}
            processes:
              - name: reader
                steps:
                  - read-file: {file: data.bin}
                  - snapshot: reading
            """);

    // with 14,000 pages available a soft maximum holds nothing back: all 2,048 pages stay in the
    // cache's working set, as the real one grew until SetSystemFileCacheSize capped it
    assertThat(rs.get(0).views().get("reading").get("rammap"))
        .containsPattern("Mapped File +8,192 K +8,192 K +0 K");
    assertThat(rs.get(0).counter("windows.ws.replaced")).isZero();
    // a hard one replaces a page of the cache's own for each page past 512: the 1,536 others are
    // clean file pages, on Standby
    assertThat(rs.get(1).views().get("reading").get("rammap"))
        .containsPattern("Mapped File +8,192 K +2,048 K +6,144 K");
    assertThat(rs.get(1).counter("windows.ws.replaced")).isEqualTo(2048 - 512);
  }

  /**
   * The hog's faults never wait and its growth is not rate-checked, so that they take pages down to
   * none, as a system allocation can (the WRK lets those go below MM_HIGH_LIMIT): the path of a
   * fault that finds no page at all.
   */
  private static final String NO_WAIT =
      "{os: windows, options: {faultWaitAvailablePages: 0, growthCheckAvailablePages: 0}}";

  @Test
  void aBurstWithTheDefaults_isHeldBackByItsGrowthRate_andWaitsForAvailablePages() {
    RunResult r = cacheTrim("windows", false);

    // the hog grows from 1,536 available with its working set's first estimate still to come. Its
    // page 1,142 finds 394 available and 1,141 pages of growth, more than 30 * 394^2 / 4096 + 1
    // = 1,138 (MI_WS_GROWING_TOO_FAST): it replaces one of its own pages, and the next page's
    // forced trim finds a claim of 0 but makes the estimate anew. So it goes on, replacing at
    // 1,362 pages (172 available, 221 grown > 217), 1,435, 1,467, 1,485 and 1,495 (35 available,
    // 10 grown > 9); then, under 43 available (lastPassAvailablePages scaled), the forced trim
    // takes a quarter of what is above the minimum, (1,495 - 50) / 4 = 361 pages of any age
    assertThat(metric(r, "hog", "working_set.peak")).isEqualTo(1495);
    // those pages are dirty: on Modified, not available. Below 28 available
    // (faultWaitAvailablePages scaled) the hog's faults wait for the modified page writer
    assertThat(r.counter("windows.faults.waits")).isPositive();
    assertThat(r.counter("windows.ws.replaced")).isGreaterThan(6);
    // the cache is never trimmed: the working set manager does not run during the 38 ms burst
    // (no fault takes a page below 6, wakeAvailablePages scaled; its next run is at 4 s)
    assertThat(r.counter("windows.bsm.runs")).isEqualTo(3);
    assertThat(r.views().get("pressed").get("rammap"))
        .containsPattern("Mapped File +8,192 K +8,192 K +0 K +0 K +0 K +0 K");
    assertThat(r.counter("windows.mappedWrites")).isZero();
  }

  @Test
  void aBurstThatOutrunsTheWorkingSetManager_trimsTheWorkingSetFirstInTheRoundsOrder() {
    RunResult r = cacheTrim(NO_WAIT, false);

    // the 2,048 dirty pages stay in the cache's working set while the lazy writer works through
    // them: by 3 s it has written 2,048/8, then 1,792/8, then 1,568/8
    assertThat(r.counter("windows.cache.lazyWrites")).isEqualTo(256 + 224 + 196);
    // the hog touches its 2,560 pages in 17 ms, the first 1,536 (3,584 usable frames less the
    // cache's 2,048) from Free. The round that begins when the free pages are gone finds every
    // claim 0 and sorts the expansion list [cache, hog] into one bucket, reversed: [hog, cache]
    // (MiRearrangeWorkingSetExpansionList). It begins 2 ms after the run at 3 s, in that run's
    // tick: its pass 0 takes the hog from the head, which no pass has visited yet (its
    // LastTrimTime is older than this tick), finds nothing to trim (its claim is 0), ages it and
    // puts it at the tail; the cache, then at the head, bears this tick's stamp, so the pass ends
    // there. The list is now [cache, hog]. The hog's faults find no page at all and each trims a
    // few pages of any age from the first working set in the list: the cache's. So the hog keeps
    // all of its pages and the cache gives 1,032: 1,024 repurposed by the hog, 2 on Standby and 6
    // under write at the end
    assertThat(metric(r, "hog", "working_set.peak")).isEqualTo(2560);
    assertThat(r.views().get("pressed").get("rammap"))
        .containsPattern("Mapped File +4,096 K +4,064 K +8 K +0 K +0 K +24 K");
    assertThat(r.views().get("pressed").get("rammap"))
        .containsPattern("Process Private +10,240 K +10,240 K +0 K");
    assertThat(r.counter("windows.standby.repurposed")).isEqualTo(1024);
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(1024 + 2 + 6);
    assertThat(r.counter("swap.out")).isZero();
    // the cache's trimmed pages the lazy writer had not written yet are dirty: the mapped page
    // writer writes them to the file before they reach Standby
    assertThat(r.counter("windows.mappedWrites")).isPositive();
    assertThat(r.counter("file.writes"))
        .isEqualTo(r.counter("windows.cache.lazyWrites") + r.counter("windows.mappedWrites"));
  }

  @Test
  void aSecondBurst_trimsTheSystemCacheAgain_andItsDirtyPagesReachTheFile() {
    RunResult once = cacheTrim(NO_WAIT, false);
    RunResult r = cacheTrim(NO_WAIT, true);

    // the hog touches its pages again 2 s later, after the runs at 4 and 5 s have trimmed some
    // of its pages (their copies in the pagefile: soft faults now). The cache, which the first
    // burst left with 1,016 pages in its working set, gives pages again: 188 more, 784 K of its
    // pages on Standby at the end; its dirty ones the mapped page writer writes to the file
    assertThat(r.views().get("pressed").get("rammap"))
        .containsPattern("Mapped File +4,096 K +4,064 K");
    assertThat(r.views().get("again").get("rammap"))
        .containsPattern("Mapped File +4,096 K +3,312 K +784 K +0 K");
    assertThat(r.counter("windows.faults.soft")).isPositive();
    assertThat(r.counter("windows.mappedWrites"))
        .isGreaterThan(once.counter("windows.mappedWrites"));
    assertThat(r.counter("file.writes"))
        .isEqualTo(r.counter("windows.cache.lazyWrites") + r.counter("windows.mappedWrites"));
  }

  @Test
  void aForcedTrim_stampsItsWorkingSet_soThatAPassInTheSameTickStopsThere() {
    // the hog's faults do not wait, and its growth is rate-checked: it is refused growth and
    // force-trimmed again and again from 3.0016 s, the last time 40 ns before the page that wakes
    // the working set manager (below 6 available) at 3.0022 s, in the tick of the run at 3 s.
    // The round's list is [hog, cache]: the hog at its head bears this tick's stamp from its
    // forced trim, so pass 0 visits no one, neither trimming nor aging (without that stamp it
    // would age some of the hog's entries and turn the list, and the hog's faults that find no
    // page would then trim the cache first: 4,952 entries aged, and 44 dirty cache pages written)
    RunResult r = cacheTrim("{os: windows, options: {faultWaitAvailablePages: 0}}", false);

    assertThat(r.counter("windows.ws.aged")).isEqualTo(4823);
    assertThat(r.counter("windows.mappedWrites")).isZero();
  }

  @Test
  void theWorkingSetManager_agesAtMostOnceATick() {
    // the same run with a 1 us system-time tick: the round that begins when the hog's faults have
    // taken the free pages, about 2 ms after the run at 3 s, ages the cache's working set again,
    // although that run aged it in the same 15.6 ms tick
    RunResult everyWake =
        cacheTrim(
            "{os: windows, options: {clockTickUs: 1, faultWaitAvailablePages: 0,"
                + " growthCheckAvailablePages: 0}}",
            false);
    RunResult onceATick = cacheTrim(NO_WAIT, false);

    // the runs at 1, 2 and 3 s each age 2,048 >> 3 = 256 of the cache's entries, and the
    // round's pass 0 ages the hog, which no pass had visited, 1,535 >> 3 = 191 of its entries
    assertThat(onceATick.counter("windows.ws.aged")).isEqualTo(3 * 256 + 191);
    // with a 1 us tick that pass 0 finds the cache unvisited in its tick too, and ages its 256
    // entries again, although the run at 3 s aged them 2 ms before
    assertThat(everyWake.counter("windows.ws.aged"))
        .isEqualTo(onceATick.counter("windows.ws.aged") + 256);
  }

  /** A writer fills the file cache; a hog then touches 10 MiB, and, if {@code twice}, again. */
  private static RunResult cacheTrim(String system, boolean twice) {
    return WindowsRuns.yaml(
            """
            name: cache-trim
            machine: {ram: 16MiB, swap: 32MiB}
            systems: [%s]
            files:
              - {name: log.dat, size: 8MiB}
            processes:
              - name: writer
                steps:
                  - write-file: {file: log.dat}
              - name: hog
                start: 3s
                workingSetMax: 4096pages
                steps:
                  - allocate: {name: heap, size: 10MiB}
                  - touch: {region: heap, writes: 1}
                  - snapshot: pressed
            %s"""
                .formatted(
                    system,
                    twice
                        ? """
                                  - sleep: 2s
                                  - touch: {region: heap, writes: 1}
                                  - snapshot: again
                            """
                        : ""))
        .get(0);
  }

  @Test
  void readFile_thenMapFile_isOneFramePerPage_andASoftFaultForTheMapper() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: read-then-map
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: data.db, size: 64pages}
                processes:
                  - name: app
                    steps:
                      - read-file: {file: data.db}
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db}
                      - snapshot: both
                """)
            .get(0);

    assertThat(r.counter("file.reads")).isEqualTo(64);
    assertThat(process(r, "app").majorFaults()).isZero();
    assertThat(process(r, "app").minorFaults()).isEqualTo(64);
    assertThat(metric(r, "app", "page_fault_count")).isEqualTo(64);
    // one frame a page (256 K, not 512 K), valid in the cache's working set and the view's
    assertThat(r.views().get("both").get("rammap"))
        .containsPattern("Mapped File +256 K +256 K +0 K");
    assertThat(r.views().get("both").get("vmmap/100"))
        .containsPattern("Mapped File +256 K +256 K +0 K +256 K +0 K +256 K +256 K");
  }

  @Test
  void writeFile_thenExit_anotherProcessMapsTheWrittenData_andTheFileHoldsIt() {
    String yaml =
        """
        name: write-then-map
        machine: {ram: 16MiB, swap: 16MiB}
        systems: [windows]
        files:
          - {name: out.dat, size: 16pages, seed: 3}
        processes:
          - name: writer
            steps:
              - write-file: {file: out.dat}
          - name: reader
            after: writer
            steps:
              - map-file: {name: out, file: out.dat, mode: shared}
              - touch: {region: out}
              - sleep: 15s                       # 12 lazy-writer scans: 2, 2, 2, 2, 1, ... 1
        """;
    RunResult r = WindowsRuns.yaml(yaml).get(0); // the checked replay first, then the run
    assertThat(process(r, "reader").majorFaults()).isZero();
    assertThat(process(r, "reader").minorFaults()).isEqualTo(16);
    assertThat(r.counter("file.reads")).isZero(); // whole pages written: nothing read first
    assertThat(r.counter("file.writes")).isEqualTo(16);

    ReadsAndFile seen = new ReadsAndFile("reader", "out.dat");
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("t.yaml", null, yaml);
    RunResult run =
        ExperimentRunner.runChecked(
            exp, ExperimentRunner.plan(exp, List.of(42L)).get(0), seen, FaultInjection.NONE);
    assertThat(run.ok()).as(run.error()).isTrue();
    assertThat(seen.reads).hasSize(16);
    for (int page = 0; page < 16; page++) {
      long read = seen.reads.get(page);
      assertThat(read).as("page %d", page).isNotEqualTo(Tokens.filePage(3, page));
      assertThat(seen.file.read(page)).as("page %d on disk", page).isEqualTo(read);
    }
  }

  @Test
  void dirtyCachePages_areWrittenByTheLazyWriter_eighthByEighth_whileTheWriterGoesOn() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: lazy-writer
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: log.dat, size: 64pages}
                processes:
                  - name: writer
                    steps:
                      - write-file: {file: log.dat}
                  - name: idle
                    steps:
                      - sleep: 30s
                """)
            .get(0);

    assertThat(r.counter("file.writes")).isEqualTo(64);
    assertThat(r.counter("windows.cache.lazyWrites")).isEqualTo(64);
    // a scan a second, each 1/8 of what is dirty (rounded up): 8, 7, 7, 6, 5, 4, ... 1
    assertThat(r.counter("disk.writes")).isEqualTo(21);
    LogEntry exited =
        r.eventLog().stream()
            .filter(e -> e.text().contains("writer") && e.text().contains("exited"))
            .findFirst()
            .orElseThrow();
    assertThat(exited.timeNs()).isLessThan(1_000_000L); // before the first scan, a second on
  }

  /** Records what one process reads, page by page of its first region, and keeps the file. */
  private static final class ReadsAndFile implements RunObserver {
    private final String process;
    private final String fileName;
    private Kernel kernel;
    final Map<Integer, Long> reads = new TreeMap<>();
    SimFile file;

    ReadsAndFile(String process, String fileName) {
      this.process = process;
      this.fileName = fileName;
    }

    @Override
    public void booted(Kernel k, OsPersonality os) {
      kernel = k;
      file = k.files().get(fileName);
    }

    @Override
    public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
      if (p.name().equals(process) && !write) {
        long vpn = vaddr >>> kernel.machine().paging().pageShift();
        long page = vpn - p.space().byLabel("out").startVpn();
        reads.putIfAbsent((int) page, kernel.machine().memory().content(frame));
      }
    }
  }
}
