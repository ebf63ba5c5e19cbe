package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.TlbConfig;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.MachineConfig;
import org.vmcompare.workload.Step;
import org.vmcompare.yaml.YamlWriter;

final class GeneratorTest {
  private final OsRegistry registry = OsRegistry.load();
  private final Checker checker = new Checker(registry);
  private final Generator generator = new Generator(checker.systems(List.of("textbook")));

  @Test
  void sameSeed_twice_sameExperiment() {
    assertThat(YamlWriter.write(generator.generate(5)))
        .isEqualTo(YamlWriter.write(generator.generate(5)))
        .isNotEqualTo(YamlWriter.write(generator.generate(6)));
  }

  @Test
  void textbook_supportedOps_areWhatItsProviderAccepts() {
    assertThat(generator.supported())
        .containsExactlyInAnyOrder(
            OpKind.ALLOCATE, OpKind.EXIT, OpKind.RELEASE, OpKind.UNMAP, OpKind.PROTECT);
  }

  @Test
  void manySeeds_everyExperiment_loadsThroughTheRealLoader_withOneToSixProcesses() {
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      LoadedExperiment loaded = checker.load(e);

      assertThat(loaded.experiment().processes()).hasSizeBetween(1, 6);
      assertThat(loaded.experiment().processes().get(0).steps())
          .noneMatch(s -> s instanceof Step.Fork || s instanceof Step.Share);
    }
  }

  @Test
  void manySeeds_machines_useEachPagingMode_andTheRestOfTheExperimentIsTheSame() {
    Map<PagingMode, Integer> modes = new EnumMap<>(PagingMode.class);
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      modes.merge(checker.load(e).spec().paging(), 1, Integer::sum);
      if (e.machine().paging() != null) {
        Experiment asDefault =
            Shrinker.with(
                e,
                new MachineConfig(
                    e.machine().ram(),
                    null,
                    null,
                    e.machine().swap(),
                    null,
                    e.machine().kernel(),
                    null,
                    null));
        // only the machine's paging comes from the seed's second generator
        assertThat(asDefault.processes()).isEqualTo(e.processes());
      }
    }

    assertThat(modes.keySet())
        .containsExactlyInAnyOrder(PagingMode.X86_64, PagingMode.X86_32, PagingMode.ARM64_16K);
    assertThat(modes.get(PagingMode.X86_64)).isGreaterThan(150);
  }

  @Test
  void manySeeds_machines_haveSlowFastAndDefaultDisks_andTheShrinkerOffersTheDefaultBack() {
    Set<Long> reads = new TreeSet<>();
    Experiment other = null;
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      if (checker.load(e).spec().pageSize() == 4096) { // a 16 KiB page costs more to read
        reads.add(checker.load(e).spec().costs().diskReadNs());
      }
      other = other == null && e.machine().costs() != null ? e : other;
    }
    Experiment withDisk = other;

    assertThat(reads).containsExactly(10_000L, 80_000L, 5_000_000L);
    assertThat(Shrinks.smaller(withDisk))
        .anySatisfy(
            c -> {
              assertThat(c.machine().costs()).isNull();
              assertThat(c.machine().paging()).isEqualTo(withDisk.machine().paging());
            });
  }

  @Test
  void manySeeds_machines_haveTinyUntaggedAndDefaultTlbs_andTheShrinkerOffersTheDefaultBack() {
    Set<TlbConfig> tlbs = new HashSet<>();
    Experiment other = null;
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      tlbs.add(checker.load(e).spec().tlb());
      other = other == null && e.machine().tlb() != null ? e : other;
    }
    Experiment withTlb = other;

    assertThat(tlbs)
        .containsExactlyInAnyOrder(
            TlbConfig.DEFAULT,
            new TlbConfig(16, 4, 4, 2, true),
            new TlbConfig(1536, 12, 32, 4, false));
    assertThat(Shrinks.smaller(withTlb))
        .anySatisfy(
            c -> {
              assertThat(c.machine().tlb()).isNull();
              assertThat(c.machine().costs()).isEqualTo(withTlb.machine().costs());
              assertThat(c.processes()).isEqualTo(withTlb.processes());
            });
  }

  @Test
  void manySeeds_someSwapGrows_byTheRam_andTheShrinkerOffersFixedSwapBack() {
    int growing = 0;
    Experiment other = null;
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      MachineConfig m = e.machine();
      if (m.swapMax() != null) {
        growing++;
        long ps = m.pageSize().bytes();
        assertThat(m.swapMax().toPages(ps)).isEqualTo(m.swap().toPages(ps) + m.ram().toPages(ps));
        assertThat(checker.load(e).spec().swapMaxPages()).isEqualTo(m.swapMax().toPages(ps));
        other = other == null ? e : other;
      }
    }
    Experiment withGrowth = other;

    assertThat(growing).isBetween(50, 130);
    assertThat(Shrinks.smaller(withGrowth))
        .anySatisfy(
            c -> {
              assertThat(c.machine().swapMax()).isNull();
              assertThat(c.machine().swap()).isEqualTo(withGrowth.machine().swap());
              assertThat(c.processes()).isEqualTo(withGrowth.processes());
            });
  }

  @Test
  void shrinker_offersTheDefaultPaging_forAMachineWithAnother() {
    Experiment e = null;
    for (long seed = 0; e == null; seed++) {
      Experiment g = generator.generate(seed);
      e = g.machine().paging() == null ? null : g;
    }

    List<Experiment> candidates = Shrinks.smaller(e);

    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.machine().paging()).isNull();
              assertThat(c.machine().pageSize().bytes()).isEqualTo(4096);
              assertThat(checker.load(c).spec().paging()).isEqualTo(PagingMode.X86_64);
            });
  }

  @Test
  void shrinker_offersEachOptionBackAtItsDefault_andKeepsTheFailureAcrossTheNewLabel() {
    Experiment e = null;
    for (long seed = 0; e == null; seed++) {
      Experiment g = generator.generate(seed);
      e = g.systems().get(0).options() == null ? null : g;
    }
    String label = e.systems().get(0).label();

    List<Experiment> candidates = Shrinks.smaller(e);

    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.systems()).hasSize(1);
              assertThat(c.systems().get(0).options()).isNull();
              assertThat(c.systems().get(0).label()).isNull();
              assertThat(checker.load(c).variants().get(0).options().string("policy"))
                  .isEqualTo("LRU");
            });
    Violation before = new Violation(Invariant.DATA_INTEGRITY, label, "p0", 1, "", "x");
    Violation after = new Violation(Invariant.DATA_INTEGRITY, "textbook", "p0", 1, "", "y");
    assertThat(before.sameFailure(after)).isTrue();
    assertThat(before.sameFailure(new Violation(Invariant.ACCOUNTING, "textbook", "", 0, "", "")))
        .isFalse();
  }
}
