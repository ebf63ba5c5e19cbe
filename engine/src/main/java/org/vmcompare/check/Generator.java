package org.vmcompare.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.os.CheckNative;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.workload.ByteSize;
import org.vmcompare.workload.CostSettings;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.FileConfig;
import org.vmcompare.workload.MachineConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SimDuration;
import org.vmcompare.workload.Step;
import org.vmcompare.workload.SystemConfig;
import org.vmcompare.workload.TlbSettings;
import org.vmcompare.yaml.YNode;

/**
 * Random experiments from one seed, valid by construction for the systems chosen: a small machine
 * that creates pressure (32 to 256 pages of RAM), 1 to 6 processes, and steps from the portable
 * vocabulary every chosen system supports ({@link OsModuleProvider#whyUnsupported}), with a bias
 * toward the interesting edges ({@link Edges}). One in five experiments leaves room to spare
 * instead, for the no-pressure agreement. They are the same records the YAML loader builds, so they
 * run through the real loader and engine and print as YAML that loads again.
 */
public final class Generator {
  private static final int[] RAM_PAGES = {32, 48, 64, 96, 128, 192, 256};

  private final List<OsModuleProvider> systems;
  private final Set<OpKind> supported;
  private final List<StepGen.SystemNative> natives;

  /** A generator for experiments every one of {@code systems} can run. */
  public Generator(List<OsModuleProvider> systems) {
    this.systems = List.copyOf(Objects.requireNonNull(systems, "systems is null"));
    if (systems.isEmpty()) {
      throw new IllegalArgumentException("no system to generate experiments for");
    }
    Set<OpKind> ops = EnumSet.noneOf(OpKind.class);
    for (OpKind op : OpKind.values()) {
      if (op != OpKind.NATIVE && systems.stream().allMatch(s -> s.whyUnsupported(op).isEmpty())) {
        ops.add(op);
      }
    }
    this.supported = Set.copyOf(ops);
    List<StepGen.SystemNative> natives = new ArrayList<>();
    for (OsModuleProvider p : systems) {
      for (CheckNative n : p.checkNatives()) {
        natives.add(new StepGen.SystemNative(p.name(), n));
      }
    }
    this.natives = List.copyOf(natives);
  }

  /** The operations generated experiments may use: those every system supports. */
  public Set<OpKind> supported() {
    return supported;
  }

  /** A machine's page size and paging mode; both null for the default (4 KiB, x86-64). */
  record Paging(ByteSize pageSize, String name) {}

  /**
   * The paging of one try's machine: x86-64 seven times in ten, else x86-32 (two levels, 4 MiB
   * large pages) or arm64 with 16 KiB pages (Apple silicon), equally likely. Drawn from a generator
   * of its own, so the rest of a seed's experiment is the same whatever its paging.
   */
  static Paging paging(long seed) {
    int pick = new SplittableRandom(seed ^ 0x9A61_6E65_0000_0001L).nextInt(20);
    if (pick < 14) {
      return new Paging(null, null);
    }
    return pick < 17
        ? new Paging(ByteSize.parse("4KiB"), PagingMode.X86_32.id())
        : new Paging(ByteSize.parse("16KiB"), PagingMode.ARM64_16K.id());
  }

  /**
   * The disk of one try's machine: the cost model's default (an SSD: reads 80 us, writes 30 us)
   * seven times in ten, else one a hundred times slower (5 ms, a disk that seeks) or several times
   * faster (10 us), equally likely, so that disk completions fall at other moments against the
   * daemons' ticks and the faults that wait. Drawn from a generator of its own, like {@link
   * #paging}.
   */
  static CostSettings disk(long seed) {
    int pick = new SplittableRandom(seed ^ 0xD15C_0000_0000_0002L).nextInt(20);
    if (pick < 14) {
      return null;
    }
    SimDuration d = SimDuration.parse(pick < 17 ? "5ms" : "10us");
    return new CostSettings(null, null, null, null, null, null, null, d, d, null, null);
  }

  /**
   * The TLB of one try's machine: the default (1,536 entries, 12-way, ASID-tagged) seven times in
   * ten, else a tiny one (16 entries 4-way, 4 large entries 2-way), whose evictions and refills
   * come every few references, or one without ASID tags, flushed at every context switch; equally
   * likely. Drawn from a generator of its own, like {@link #paging}.
   */
  static TlbSettings tlb(long seed) {
    int pick = new SplittableRandom(seed ^ 0x7_1B00_0000_0003L).nextInt(20);
    if (pick < 14) {
      return null;
    }
    return pick < 17
        ? new TlbSettings(16, 4, 4, 2, null)
        : new TlbSettings(null, null, null, null, false);
  }

  /**
   * How far one try's swap may grow ({@code machine.swapMax}), in pages: as far as it is (null)
   * seven times in ten, else by the RAM's size again, so that a Windows pagefile is extended in the
   * run (commit limit raised, "running low on virtual memory" logged) and macOS may create more
   * swapfiles. Drawn from a generator of its own, like {@link #paging}.
   */
  static ByteSize swapMax(long seed, long swapPages, long ramPages) {
    int pick = new SplittableRandom(seed ^ 0x5_3A90_0000_0004L).nextInt(20);
    return pick < 14 ? null : pages(swapPages + ramPages);
  }

  /** The experiment of one try. */
  public Experiment generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean roomy = rnd.nextInt(5) == 0;
    long ram = roomy ? 512 : RAM_PAGES[rnd.nextInt(RAM_PAGES.length)];
    long kernel = Math.max(2, ram / 16);
    long usable = ram - kernel;
    long swap = new long[] {0, ram / 2, ram, 2 * ram}[rnd.nextInt(4)];
    List<FileConfig> files = new ArrayList<>();
    long filePages = 0;
    if (supported.contains(OpKind.MAP_FILE)
        || supported.contains(OpKind.READ_FILE)
        || supported.contains(OpKind.WRITE_FILE)) {
      filePages = 8 + rnd.nextInt(48);
      files.add(new FileConfig("data.bin", pages(filePages), 7L));
    }
    // Under pressure the processes together allocate one to three times the usable RAM.
    long budget = roomy ? usable / 4 : usable * (2 + rnd.nextInt(5)) / 2;
    StepGen gen = new StepGen(rnd, supported, natives, budget, roomy, filePages, seed);
    List<ProcessConfig> procs =
        roomy || rnd.nextInt(3) != 0 ? gen.processes() : new Edges(gen, rnd, usable).processes();
    Paging paging = paging(seed);
    MachineConfig machine =
        new MachineConfig(
            pages(ram),
            paging.pageSize(),
            paging.name(),
            pages(Math.max(swap, 0)),
            swapMax(seed, Math.max(swap, 0), ram),
            pages(kernel),
            tlb(seed),
            disk(seed));
    List<SystemConfig> configs = new ArrayList<>();
    SplittableRandom sizes = new SplittableRandom(seed ^ 0x51_2E00_0000_0006L);
    for (OsModuleProvider p : systems) {
      configs.add(config(p.name(), OptionGen.system(p, rnd, !roomy, sizes)));
    }
    if (!roomy) {
      long pageSize =
          (paging.pageSize() == null ? MachineConfig.DEFAULT_PAGE_SIZE : paging.pageSize()).bytes();
      procs = withProcessOptions(procs, rnd, seed, pageSize);
    }
    return new Experiment(
        "check-" + Long.toHexString(seed),
        "generated by vmcompare check from seed " + seed,
        machine,
        configs,
        List.of(seed & 0xFFFF_FFFFL),
        null,
        null,
        files,
        procs,
        null);
  }

  /**
   * The processes, now and then one with a process option of some system checked, and now and then
   * one with working-set limits or another choice ({@link OptionGen#limits}, drawn from a generator
   * of its own so that a seed's experiment is otherwise the same).
   */
  private List<ProcessConfig> withProcessOptions(
      List<ProcessConfig> procs, SplittableRandom rnd, long seed, long pageSize) {
    SplittableRandom limitsRnd = new SplittableRandom(seed ^ 0x3E71_0000_0000_0005L);
    List<ProcessConfig> out = new ArrayList<>();
    for (ProcessConfig p : procs) {
      Map<String, Object> options = OptionGen.process(systems, rnd);
      Map<String, String> limits = OptionGen.limits(systems, limitsRnd, pageSize);
      if (limits != null) {
        Map<String, Object> both = new LinkedHashMap<>(limits);
        if (options != null) {
          both.putAll(options);
        }
        options = both;
      }
      out.add(
          options == null
              ? p
              : new ProcessConfig(p.name(), p.start(), p.after(), options, p.steps()));
    }
    return out;
  }

  /**
   * A {@code systems:} entry with these options, labelled by them: a choice by its value ({@code
   * textbook CLOCK}), a number by its key ({@code linux overcommitMemory=2}).
   */
  static SystemConfig config(String os, Map<String, String> options) {
    if (options.isEmpty()) {
      return new SystemConfig(os, null, null);
    }
    LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
    StringBuilder label = new StringBuilder(os);
    options.forEach(
        (k, v) -> {
          boolean number = !v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '-');
          entries.put(k, new YNode.Entry(k, 0, 0, new YNode.Scalar(v, !number, 0, 0)));
          label.append(' ').append(number ? k + "=" + v : v);
        });
    return new SystemConfig(os, label.toString(), new YNode.Mapping(entries, 0, 0));
  }

  /** The options of a {@code systems:} entry {@link #config} made, in order. */
  static Map<String, String> options(SystemConfig c) {
    Map<String, String> out = new LinkedHashMap<>();
    if (c.options() instanceof YNode.Mapping m) {
      m.entries()
          .forEach(
              (k, e) -> {
                if (e.value() instanceof YNode.Scalar s) {
                  out.put(k, s.text());
                }
              });
    }
    return out;
  }

  static ByteSize pages(long n) {
    return ByteSize.parse(n == 0 ? "0" : n + "pages");
  }

  static SimDuration micros(long n) {
    return SimDuration.parse(n + "us");
  }

  static List<Step> steps(Step... steps) {
    return List.of(steps);
  }
}
