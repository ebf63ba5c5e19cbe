package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.util.LongArrayList;

final class TraceCommandTest {
  @TempDir Path dir;

  private static long[] readAll(Path file) {
    try (TraceReader r = TraceReaders.open(file, null, 12)) {
      LongArrayList all = new LongArrayList();
      long[] buf = new long[4096];
      int n;
      while ((n = r.read(buf)) != -1) {
        all.addAll(buf, 0, n);
      }
      return all.toArray();
    }
  }

  /** Counts LRU misses with a plain LinkedHashMap in access order: an independent reference. */
  private static long lruMisses(long[] records, int frames) {
    LinkedHashMap<Long, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true);
    long misses = 0;
    for (long r : records) {
      long page = TraceRecord.page(r);
      if (lru.get(page) == null) {
        misses++;
        if (lru.size() == frames) {
          lru.remove(lru.keySet().iterator().next());
        }
        lru.put(page, Boolean.TRUE);
      }
    }
    return misses;
  }

  @Test
  void generate_thenTextbook_matchesIndependentLru() {
    Path vmct = dir.resolve("z.vmct");
    CliRun gen =
        CliRun.of(
            new TraceCommand(),
            "generate",
            "--pattern",
            "zipf:0.9",
            "--pages",
            "10k",
            "--refs",
            "200k",
            "--seed",
            "42",
            "--writes",
            "0.3",
            "--out",
            vmct.toString());
    assertThat(gen.exitCode()).isZero();
    assertThat(gen.out())
        .startsWith("wrote 200000 references over 10000 pages (pattern zipf:0.9, seed 42");
    long[] records = readAll(vmct);
    assertThat(records).hasSize(200_000);
    long expected = lruMisses(records, 500);

    CliRun run =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            vmct.toString(),
            "--policy",
            "LRU",
            "--frames",
            "500");
    assertThat(run.lastOutLine())
        .isEqualTo(
            "FINAL policy=LRU frames=500 references=200000 hits="
                + (200_000 - expected)
                + " misses="
                + expected);
  }

  @Test
  void generate_sameArguments_sameBytes() throws IOException {
    Path a = dir.resolve("a.vmct");
    Path b = dir.resolve("b.vmct");
    for (Path p : new Path[] {a, b}) {
      CliRun.of(
          new TraceCommand(),
          "generate",
          "--pattern",
          "hot-cold:0.2:0.8",
          "--pages",
          "1000",
          "--refs",
          "10000",
          "--out",
          p.toString());
    }
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void convert_addressesToBinary_thenTextbookGivesSameResult() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    StringBuilder text = new StringBuilder("# generated\n");
    for (int i = 0; i < 20_000; i++) {
      long addr = (long) rnd.nextInt(300) * 4096 + rnd.nextInt(4096);
      text.append("0x").append(Long.toHexString(addr)).append(rnd.nextInt(4) == 0 ? " W\n" : "\n");
    }
    Path addrs = dir.resolve("t.addr");
    Files.writeString(addrs, text);
    Path vmct = dir.resolve("t.vmct");

    CliRun conv =
        CliRun.of(
            new TraceCommand(), "convert", "--in", addrs.toString(), "--out", vmct.toString());
    assertThat(conv.exitCode()).isZero();
    assertThat(conv.out()).startsWith("converted 20000 references (").contains("(addresses)");
    assertThat(TraceFormat.detect(vmct)).isEqualTo(TraceFormat.BINARY);
    assertThat(readAll(vmct)).isEqualTo(readAll(addrs));

    for (String policy : new String[] {"FIFO", "LRU", "CLOCK", "OPT", "RANDOM"}) {
      String fromText =
          CliRun.of(
                  new TextbookCommand(),
                  "--trace",
                  addrs.toString(),
                  "--policy",
                  policy,
                  "--frames",
                  "100")
              .lastOutLine();
      String fromBinary =
          CliRun.of(
                  new TextbookCommand(),
                  "--trace",
                  vmct.toString(),
                  "--policy",
                  policy,
                  "--frames",
                  "100")
              .lastOutLine();
      assertThat(fromBinary).isEqualTo(fromText).contains("references=20000");
    }
  }

  @Test
  void convert_missingInput_isAnInputError() {
    Path missing = dir.resolve("missing.lackey");
    assertThatThrownBy(
            () ->
                CliRun.call(
                    new TraceCommand(),
                    "convert",
                    "--in",
                    missing.toString(),
                    "--out",
                    dir.resolve("o.vmct").toString()))
        .isInstanceOf(InputError.class)
        .hasMessage(missing + ": no such trace file");
  }

  @Test
  void generate_unknownPattern_isAnInputError() {
    assertThatThrownBy(
            () ->
                CliRun.call(
                    new TraceCommand(),
                    "generate",
                    "--pattern",
                    "gauss",
                    "--pages",
                    "10",
                    "--refs",
                    "10",
                    "--out",
                    dir.resolve("g.vmct").toString()))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith("--pattern: unknown access pattern 'gauss'; valid patterns:");
  }

  @Test
  void record_withoutValgrind_saysHowToInstallAndExits2() {
    TraceCommand.Record record = new TraceCommand.Record();
    record.searchPath = dir.toString(); // an empty directory: no valgrind there
    CliRun run = CliRun.of(record, "--out", dir.resolve("x.lackey").toString(), "--", "true");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "vmcompare: valgrind is not installed (not found on PATH); install it with"
                + " 'apt-get install valgrind', 'dnf install valgrind' or 'brew install valgrind'");
  }

  @Test
  void record_withValgrind_writesALackeyTraceThatReplays() {
    Assumptions.assumeTrue(
        TraceCommand.Record.findOnPath("valgrind", System.getenv("PATH")) != null,
        "valgrind is not installed");
    Path trace = dir.resolve("true.lackey");
    CliRun run = CliRun.of(new TraceCommand(), "record", "--out", trace.toString(), "--", "true");
    assertThat(run.exitCode()).isZero();
    assertThat(TraceFormat.detect(trace)).isEqualTo(TraceFormat.LACKEY);
    CliRun replay =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            trace.toString(),
            "--policy",
            "LRU",
            "--frames",
            "64");
    assertThat(replay.lastOutLine()).startsWith("FINAL policy=LRU frames=64 references=");
    assertThat(readAll(trace).length).isGreaterThan(10_000);
  }

  @Test
  void help_eachSubcommandShowsAnExample() {
    for (String sub : new String[] {"convert", "generate", "record"}) {
      CliRun run = CliRun.of(new TraceCommand(), sub, "--help");
      assertThat(run.out()).as(sub).contains("Examples:").contains("vmcompare ");
    }
  }
}
