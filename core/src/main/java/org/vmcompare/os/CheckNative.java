package org.vmcompare.os;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.vm.Protection;

/**
 * A native call {@code vmcompare check} may put in the experiments it makes up for a system, so
 * that the invariants watch the OS-specific paths too. The generator adds {@code region}, {@code
 * offset} and {@code size} (a range of one of the process's mappings) when {@code ranged}, and one
 * of {@code argChoices} at random.
 *
 * @param call the call's name, as a {@code native} step writes it
 * @param argChoices the other arguments, each a valid set; at least one (an empty map for none)
 * @param ranged whether the call takes a range of a mapping (else it applies to the process)
 * @param requires the only protection of a mapping the call is made on, or null for any (a call
 *     that sets a protection sets this one, so the generator's view of what may be written holds)
 * @param clips whether the call splits the mapping at its range's ends, after which steps naming
 *     the mapping act on its first part (macOS's mach_vm_protect clipping the map entry)
 */
public record CheckNative(
    String call,
    List<Map<String, Object>> argChoices,
    boolean ranged,
    Protection requires,
    boolean clips) {
  public CheckNative {
    Objects.requireNonNull(call, "call is null");
    argChoices = List.copyOf(Objects.requireNonNull(argChoices, "argChoices is null"));
    if (argChoices.isEmpty()) {
      throw new IllegalArgumentException("argChoices of " + call + " is empty");
    }
  }

  /** A call on a range of any mapping with each of {@code argChoices}. */
  public static CheckNative ranged(String call, List<Map<String, Object>> argChoices) {
    return new CheckNative(call, argChoices, true, null, false);
  }
}
