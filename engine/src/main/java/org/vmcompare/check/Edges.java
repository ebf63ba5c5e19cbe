package org.vmcompare.check;

import static org.vmcompare.check.Generator.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vmcompare.os.OpKind;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.vm.Protection;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;

/**
 * The edges where memory managers break, as experiment shapes: memory exactly full, fork under
 * pressure, offer then pressure, shared pages trimmed under pressure, a process killed while others
 * share its pages. Each uses only what every chosen system supports; the random steps of {@link
 * StepGen} follow, so the edge is the start of a run, not all of it.
 */
final class Edges {
  private final StepGen gen;
  private final SplittableRandom rnd;
  private final long usable;

  Edges(StepGen gen, SplittableRandom rnd, long usable) {
    this.gen = gen;
    this.rnd = rnd;
    this.usable = usable;
  }

  List<ProcessConfig> processes() {
    List<Integer> shapes = new ArrayList<>(List.of(0));
    if (gen.supports(OpKind.FORK)) {
      shapes.add(1);
    }
    if (gen.supports(OpKind.OFFER) && gen.supports(OpKind.RECLAIM)) {
      shapes.add(2);
    }
    if (gen.supports(OpKind.SHARE)) {
      shapes.add(3);
      shapes.add(4);
    }
    return switch (shapes.get(rnd.nextInt(shapes.size()))) {
      case 1 -> forkUnderPressure();
      case 2 -> offerThenPressure();
      case 3 -> sharedTrimmed();
      case 4 -> killedSharer();
      default -> exactlyFull();
    };
  }

  /** Every usable frame written, split over one to three processes, then random steps. */
  private List<ProcessConfig> exactlyFull() {
    int n = 1 + rnd.nextInt(3);
    List<ProcessConfig> out = new ArrayList<>();
    long left = usable;
    for (int i = 0; i < n; i++) {
      long size = i == n - 1 ? left : Math.max(1, left / (n - i));
      left -= size;
      List<StepGen.Live> live = new ArrayList<>();
      List<Step> steps = new ArrayList<>();
      steps.add(gen.allocate(live, size));
      steps.add(writeAll(live.get(0).name()));
      steps.addAll(gen.steps(live, 1 + rnd.nextInt(4), usable / n, 0));
      out.add(new ProcessConfig("p" + i, null, null, null, steps));
    }
    return out;
  }

  /** Most of memory written, then a fork whose child and parent both write. */
  private List<ProcessConfig> forkUnderPressure() {
    List<StepGen.Live> live = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    long size = Math.max(1, usable * (5 + rnd.nextInt(5)) / 10);
    steps.add(gen.allocate(live, size));
    String heap = live.get(0).name();
    steps.add(writeAll(heap));
    steps.add(new Step.Fork("child", List.of(writeAll(heap), readAll(heap))));
    steps.add(writeAll(heap));
    steps.addAll(gen.steps(live, 1 + rnd.nextInt(4), usable / 2, 1));
    return List.of(new ProcessConfig("parent", null, null, null, steps));
  }

  /** A written cache offered, pressure from a second mapping, the cache reclaimed and read. */
  private List<ProcessConfig> offerThenPressure() {
    List<StepGen.Live> live = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    steps.add(gen.allocate(live, Math.max(1, usable / 3)));
    String cache = live.get(0).name();
    steps.add(writeAll(cache));
    steps.add(new Step.Offer(cache, null, null, null));
    steps.add(gen.allocate(live, usable));
    steps.add(writeAll(live.get(1).name()));
    steps.add(new Step.Reclaim(cache, null, null));
    steps.add(readAll(cache));
    return List.of(new ProcessConfig("app", null, null, null, steps));
  }

  /** Two processes write one shared object, then one of them makes pressure. */
  private List<ProcessConfig> sharedTrimmed() {
    long size = Math.max(1, usable / 3);
    List<Step> a =
        List.of(
            new Step.Share("s", "shm-a", pages(size), Protection.READ_WRITE),
            writeAll("s"),
            new Step.Allocate("big", pages(usable), null, null, null, null),
            writeAll("big"),
            readAll("s"));
    List<Step> b =
        List.of(new Step.Share("s", "shm-a", pages(size), Protection.READ_WRITE), readAll("s"));
    return List.of(
        new ProcessConfig("writer", null, null, null, a),
        new ProcessConfig("reader", null, null, null, b));
  }

  /** A process sharing an object asks for more than memory holds; the other reads on. */
  private List<ProcessConfig> killedSharer() {
    long size = Math.max(1, usable / 4);
    List<Step> greedy =
        List.of(
            new Step.Share("s", "shm-b", pages(size), Protection.READ_WRITE),
            writeAll("s"),
            new Step.Allocate("hog", pages(usable * 3), null, null, null, null),
            writeAll("hog"));
    List<Step> reader =
        List.of(
            new Step.Share("s", "shm-b", pages(size), Protection.READ_WRITE),
            new Step.Sleep(Generator.micros(200)),
            readAll("s"),
            writeAll("s"));
    return List.of(
        new ProcessConfig("greedy", null, null, null, greedy),
        new ProcessConfig("reader", null, null, null, reader));
  }

  private static Step writeAll(String region) {
    return new Step.Touch(region, PatternSpec.SEQUENTIAL, null, null, 1.0, null, null, null);
  }

  private static Step readAll(String region) {
    return new Step.Touch(region, PatternSpec.SEQUENTIAL, null, null, 0.0, null, null, null);
  }
}
