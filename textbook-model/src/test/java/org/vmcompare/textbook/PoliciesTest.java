package org.vmcompare.textbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class PoliciesTest {
  private static final long[] BELADY = {3, 2, 1, 0, 3, 2, 4, 3, 2, 1, 0, 4};

  /** Replays a trace and records (hit, victim, resident order) per step. */
  private static List<String> steps(ReplacementPolicy p, long[] trace) {
    List<String> out = new ArrayList<>();
    for (long page : trace) {
      boolean hit = p.access(page);
      out.add(
          page
              + (hit ? " HIT " : " MISS ")
              + Arrays.toString(p.residentInOrder())
              + " victim="
              + p.lastVictim());
    }
    return out;
  }

  private static long[] randomTrace(long seed, int n, int pages) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = rnd.nextInt(pages);
    }
    return t;
  }

  @Test
  void create_unknownName_listsValidPolicies() {
    assertThatThrownBy(() -> Policies.create("MRU", 3, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MRU")
        .hasMessageContaining("FIFO, LRU, CLOCK, OPT, RANDOM");
  }

  @Test
  void create_optWithoutFuture_explainsItNeedsTheTrace() {
    assertThatThrownBy(() -> Policies.create("OPT", 3, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OPT needs the whole trace in advance (trace input only)");
  }

  @Test
  void create_lowerCaseName_isAccepted() {
    assertThat(Policies.create("lru", 3, 0, null).name()).isEqualTo("LRU");
  }

  @Test
  void create_zeroFrames_isRejected() {
    assertThatThrownBy(() -> Policies.create("FIFO", 0, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frames");
  }

  @Test
  void fifo_beladyString_stepsMatchPagingPolicyPy() {
    // paging-policy.py -a 3,2,1,0,3,2,4,3,2,1,0,4 -p FIFO -C 3 -c
    List<String> steps = steps(Policies.create("FIFO", 3, 0, null), BELADY);
    assertThat(steps)
        .containsExactly(
            "3 MISS [3] victim=-1",
            "2 MISS [3, 2] victim=-1",
            "1 MISS [3, 2, 1] victim=-1",
            "0 MISS [2, 1, 0] victim=3",
            "3 MISS [1, 0, 3] victim=2",
            "2 MISS [0, 3, 2] victim=1",
            "4 MISS [3, 2, 4] victim=0",
            "3 HIT [3, 2, 4] victim=-1",
            "2 HIT [3, 2, 4] victim=-1",
            "1 MISS [2, 4, 1] victim=3",
            "0 MISS [4, 1, 0] victim=2",
            "4 HIT [4, 1, 0] victim=-1");
  }

  @Test
  void lru_beladyString_residentOrderIsLeastToMostRecent() {
    List<String> steps = steps(Policies.create("LRU", 3, 0, null), BELADY);
    assertThat(steps.get(7)).isEqualTo("3 HIT [2, 4, 3] victim=-1");
    assertThat(steps.get(11)).isEqualTo("4 MISS [1, 0, 4] victim=2");
  }

  @Test
  void opt_beladyString_stepsMatchPagingPolicyPy() {
    // paging-policy.py -a 3,2,1,0,3,2,4,3,2,1,0,4 -p OPT -C 3 -c
    List<String> steps = steps(Policies.create("OPT", 3, 0, BELADY), BELADY);
    assertThat(steps)
        .containsExactly(
            "3 MISS [3] victim=-1",
            "2 MISS [3, 2] victim=-1",
            "1 MISS [3, 2, 1] victim=-1",
            "0 MISS [3, 2, 0] victim=1",
            "3 HIT [3, 2, 0] victim=-1",
            "2 HIT [3, 2, 0] victim=-1",
            "4 MISS [3, 2, 4] victim=0",
            "3 HIT [3, 2, 4] victim=-1",
            "2 HIT [3, 2, 4] victim=-1",
            "1 MISS [3, 4, 1] victim=2",
            "0 MISS [3, 4, 0] victim=1",
            "4 HIT [3, 4, 0] victim=-1");
  }

  @Test
  void opt_accessOutOfOrder_failsNamingTheReference() {
    ReplacementPolicy p = Policies.create("OPT", 3, 0, new long[] {1, 2});
    assertThatThrownBy(() -> p.access(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("#0");
  }

  @Test
  void opt_neverWorseThanOthers_onRandomTraces() {
    for (long seed = 1; seed <= 20; seed++) {
      long[] t = randomTrace(seed, 2000, 40);
      long opt = PoliciesOracleTest.misses("OPT", 10, t);
      for (String other : List.of("FIFO", "LRU", "CLOCK", "RANDOM")) {
        assertThat(opt)
            .as("%s seed %d", other, seed)
            .isLessThanOrEqualTo(PoliciesOracleTest.misses(other, 10, t));
      }
    }
  }

  @Test
  void lru_matchesNaiveListSimulation_onRandomTraces() {
    for (long seed = 1; seed <= 20; seed++) {
      long[] t = randomTrace(seed, 3000, 50);
      ReplacementPolicy lru = Policies.create("LRU", 7, 0, null);
      List<Long> naive = new ArrayList<>();
      for (long page : t) {
        boolean naiveHit = naive.remove(Long.valueOf(page));
        long naiveVictim = -1;
        if (!naiveHit && naive.size() == 7) {
          naiveVictim = naive.remove(0);
        }
        naive.add(page);
        assertThat(lru.access(page)).isEqualTo(naiveHit);
        assertThat(lru.lastVictim()).isEqualTo(naiveVictim);
      }
      assertThat(lru.residentInOrder())
          .containsExactly(naive.stream().mapToLong(Long::longValue).toArray());
    }
  }

  @Test
  void clock_everyPageReferencedSinceLastEviction_evictsLikeFifo() {
    // Before each new page, all resident pages are referenced again: every bit is set, the hand
    // sweeps a full circle, and CLOCK must evict the oldest page, exactly like FIFO.
    long[] t = {1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7};
    ReplacementPolicy clock = Policies.create("CLOCK", 3, 0, null);
    ReplacementPolicy fifo = Policies.create("FIFO", 3, 0, null);
    List<Long> victims = new ArrayList<>();
    for (long page : t) {
      assertThat(clock.access(page)).isEqualTo(fifo.access(page));
      assertThat(clock.lastVictim()).isEqualTo(fifo.lastVictim());
      if (clock.lastVictim() >= 0) {
        victims.add(clock.lastVictim());
      }
    }
    assertThat(victims).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void clock_recentlyReferencedPage_getsSecondChance() {
    ReplacementPolicy clock = Policies.create("CLOCK", 3, 0, null);
    ReplacementPolicy fifo = Policies.create("FIFO", 3, 0, null);
    long[] t = {1, 2, 3, 4, 2, 5};
    for (long page : t) {
      clock.access(page);
      fifo.access(page);
    }
    // 4 cleared every bit and evicted 1; 2 was referenced again, so 5 skips it and evicts 3.
    assertThat(clock.lastVictim()).isEqualTo(3);
    assertThat(fifo.lastVictim()).isEqualTo(2);
    assertThat(clock.residentInOrder()).containsExactlyInAnyOrder(4, 2, 5);
  }

  @Test
  void clock_hitRate_betweenFifoAndOptOnSkewedTrace() {
    SplittableRandom rnd = new SplittableRandom(7);
    long[] t = new long[20_000];
    for (int i = 0; i < t.length; i++) {
      // 90% of references to 10 hot pages, the rest spread over 1000 cold ones
      t[i] = rnd.nextDouble() < 0.9 ? rnd.nextInt(10) : 10 + rnd.nextInt(1000);
    }
    long clock = PoliciesOracleTest.misses("CLOCK", 20, t);
    assertThat(clock).isLessThan(PoliciesOracleTest.misses("FIFO", 20, t));
    assertThat(clock).isGreaterThanOrEqualTo(PoliciesOracleTest.misses("OPT", 20, t));
  }

  @Test
  void random_sameSeed_sameVictims() {
    long[] t = randomTrace(3, 5000, 100);
    assertThat(steps(Policies.create("RANDOM", 16, 99, null), t))
        .isEqualTo(steps(Policies.create("RANDOM", 16, 99, null), t));
  }

  @Test
  void random_differentSeed_differentVictims() {
    long[] t = randomTrace(3, 5000, 100);
    assertThat(steps(Policies.create("RANDOM", 16, 1, null), t))
        .isNotEqualTo(steps(Policies.create("RANDOM", 16, 2, null), t));
  }

  @Test
  void allPolicies_residentNeverExceedsFramesAndVictimWasResident() {
    long[] t = randomTrace(11, 5000, 64);
    for (String name : Policies.NAMES) {
      ReplacementPolicy p = Policies.create(name, 8, 5, t);
      Set<Long> resident = new HashSet<>();
      for (long page : t) {
        boolean hit = p.access(page);
        assertThat(hit).as(name).isEqualTo(resident.contains(page));
        if (p.lastVictim() >= 0) {
          assertThat(resident.remove(p.lastVictim())).as(name + " victim resident").isTrue();
        }
        resident.add(page);
        assertThat(p.resident()).isEqualTo(resident.size()).isLessThanOrEqualTo(8);
      }
      assertThat(p.residentInOrder()).as(name).hasSize(resident.size());
      for (long page : p.residentInOrder()) {
        assertThat(resident).as(name).contains(page);
      }
    }
  }

  @Test
  void allPolicies_withRemovals_freedFramesAreReusedBeforeAnyEviction() {
    long[] t = randomTrace(12, 5000, 64);
    SplittableRandom rnd = new SplittableRandom(8);
    for (String name : Policies.NAMES) {
      ReplacementPolicy p = Policies.create(name, 8, 5, t);
      Set<Long> resident = new HashSet<>();
      for (long page : t) {
        if (rnd.nextInt(4) == 0) {
          long gone = rnd.nextInt(64);
          assertThat(p.remove(gone)).as(name + " remove").isEqualTo(resident.remove(gone));
        }
        int before = resident.size();
        boolean hit = p.access(page);
        assertThat(hit).as(name).isEqualTo(resident.contains(page));
        if (!hit && before < 8) {
          assertThat(p.lastVictim()).as(name + " evicted with a free frame").isEqualTo(-1);
        }
        if (p.lastVictim() >= 0) {
          assertThat(resident.remove(p.lastVictim())).as(name + " victim resident").isTrue();
        }
        resident.add(page);
        assertThat(p.resident()).as(name).isEqualTo(resident.size());
        assertThat(p.residentInOrder())
            .as(name)
            .containsExactlyInAnyOrder(resident.stream().mapToLong(Long::longValue).toArray());
      }
    }
  }

  @Test
  void fifo_remove_keepsOrderOfTheRest() {
    ReplacementPolicy p = Policies.create("FIFO", 3, 0, null);
    for (long page : new long[] {1, 2, 3}) {
      p.access(page);
    }
    assertThat(p.remove(2)).isTrue();
    assertThat(p.remove(2)).isFalse();
    assertThat(p.access(4)).isFalse();
    assertThat(p.lastVictim()).isEqualTo(-1);
    assertThat(p.residentInOrder()).containsExactly(1, 3, 4);
    p.access(5);
    assertThat(p.lastVictim()).isEqualTo(1);
  }

  @Test
  void access_negativePage_isRejected() {
    assertThatThrownBy(() -> Policies.create("LRU", 3, 0, null).access(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
