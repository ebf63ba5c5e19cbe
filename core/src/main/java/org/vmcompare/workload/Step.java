package org.vmcompare.workload;

import java.util.List;
import org.vmcompare.vm.Protection;

/**
 * One step of a process, in the portable vocabulary of ../shared/SEMANTICS.md. Written in YAML as
 * {@code - allocate: {name: heap, size: 64MiB}} or, without arguments, {@code - exit}.
 */
public sealed interface Step {
  /** The step's YAML name. */
  default String stepName() {
    return org.vmcompare.yaml.Binder.tagOf(getClass());
  }

  /** Private anonymous memory (mmap / VirtualAlloc / mach_vm_allocate), named for later steps. */
  record Allocate(String name, ByteSize size, String protection, Boolean reserve, Boolean noreserve)
      implements Step {
    public Allocate {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "name: is required (later steps refer to the region by it)");
      }
      if (size == null) {
        throw new IllegalArgumentException("size: is required, e.g. 64MiB or 1000pages");
      }
      if (size.isZero()) {
        throw new IllegalArgumentException("size: must be more than zero");
      }
      protection = protection == null ? "rw" : protection;
      try {
        Protection.parse(protection);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("protection: " + e.getMessage(), e);
      }
      reserve = reserve != null && reserve;
      noreserve = noreserve != null && noreserve;
    }
  }

  /** Memory references over a region following an access pattern. */
  record Touch(String region, String pattern, Long count, Double passes, Double writes)
      implements Step {
    public Touch {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("region: is required (the name of an allocate step)");
      }
      pattern = pattern == null ? "sequential" : pattern;
      if (count != null && passes != null) {
        throw new IllegalArgumentException("count: give either count or passes, not both");
      }
      if (count != null && count <= 0) {
        throw new IllegalArgumentException("count: must be positive, got " + count);
      }
      if (passes != null && passes <= 0) {
        throw new IllegalArgumentException("passes: must be positive, got " + passes);
      }
      writes = writes == null ? 0.0 : writes;
      if (writes < 0 || writes > 1) {
        throw new IllegalArgumentException("writes: must be a fraction in 0..1, got " + writes);
      }
    }

    /** References to make over a region of {@code pages} pages. */
    public long references(long pages) {
      if (count != null) {
        return count;
      }
      return Math.max(1, Math.round((passes == null ? 1.0 : passes) * pages));
    }
  }

  /** Replays a memory trace (a file, or an inline page list) into a private region. */
  record Trace(String file, String format, List<Long> pages, Double writes) implements Step {
    public Trace {
      if ((file == null) == (pages == null)) {
        throw new IllegalArgumentException("file: give either file or pages (an inline list)");
      }
      if (pages != null) {
        if (pages.isEmpty()) {
          throw new IllegalArgumentException("pages: the list is empty");
        }
        for (Long p : pages) {
          if (p == null || p < 0) {
            throw new IllegalArgumentException("pages: page numbers must be >= 0, got " + p);
          }
        }
        pages = List.copyOf(pages);
      }
      writes = writes == null ? 0.0 : writes;
      if (writes < 0 || writes > 1) {
        throw new IllegalArgumentException("writes: must be a fraction in 0..1, got " + writes);
      }
    }
  }

  /** Lets simulated time pass without touching memory (daemons keep running). */
  record Sleep(SimDuration duration) implements Step {
    public Sleep {
      if (duration == null) {
        throw new IllegalArgumentException("duration: is required, e.g. 10ms");
      }
    }
  }

  /** The process exits; every mapping is torn down. */
  record Exit() implements Step {}
}
