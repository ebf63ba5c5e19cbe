package org.vmcompare.os;

import java.util.Objects;
import java.util.Set;

/**
 * Test-only faults a model plants in itself when asked, so that the check engine ({@code vmcompare
 * check}) can prove it has teeth: each one is a bug the invariants must catch (a TLB entry left
 * behind by unmap, a page lost on swap-in, a frame missing from a list).
 *
 * <p>The engine binds one instance per run ({@link #NONE} unless a test or {@code check --inject}
 * asks), so a personality that plants faults takes it in its {@code @Inject} constructor and asks
 * {@link #on} where the fault would go; one that plants none never sees it. A provider lists the
 * names it understands in {@link OsModuleProvider#faultInjections()}, which is how the check engine
 * refuses an unknown one.
 *
 * @param names the faults to plant in this run; empty in every normal run
 */
public record FaultInjection(Set<String> names) {
  /** No fault: every run outside the check engine's own tests. */
  public static final FaultInjection NONE = new FaultInjection(Set.of());

  public FaultInjection {
    names = Set.copyOf(Objects.requireNonNull(names, "names is null"));
  }

  /** Whether the fault with this name is planted in this run. */
  public boolean on(String name) {
    return !names.isEmpty() && names.contains(name);
  }

  /**
   * One fault a model can plant: its name (kebab-case) and what goes wrong, in one line.
   *
   * @param name what {@code check --inject} and {@link FaultInjection#on} take
   * @param breaks the invariant it should break, and how
   */
  public record Spec(String name, String breaks) {
    public Spec {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(breaks, "breaks is null");
    }
  }
}
