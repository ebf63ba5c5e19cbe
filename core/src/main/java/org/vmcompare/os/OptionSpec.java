package org.vmcompare.os;

import java.util.List;
import java.util.Objects;

/**
 * One option a system accepts in an experiment's {@code systems[].options}: its key, default (as
 * the user would write it), unit or allowed values, and what it means. Providers declare theirs so
 * unknown keys fail with suggestions and reference.yaml can be checked against them.
 */
public record OptionSpec(
    String key, String defaultValue, List<String> allowed, String description) {
  public OptionSpec {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(defaultValue, "defaultValue is null");
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(description, "description is null");
  }

  public static OptionSpec of(String key, String defaultValue, String description) {
    return new OptionSpec(key, defaultValue, List.of(), description);
  }

  public static OptionSpec oneOf(
      String key, String defaultValue, List<String> allowed, String description) {
    return new OptionSpec(key, defaultValue, allowed, description);
  }
}
