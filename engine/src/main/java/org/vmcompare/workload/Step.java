package org.vmcompare.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.os.OpKind;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.vm.Protection;
import org.vmcompare.yaml.Binder;

/**
 * One step of a process, in the portable vocabulary of ../shared/SEMANTICS.md. Written in YAML as
 * {@code - allocate: {name: heap, size: 64MiB}} or, without arguments, {@code - exit}.
 */
public sealed interface Step {
  /** The step's YAML name. */
  default String stepName() {
    return Binder.tagOf(getClass());
  }

  /**
   * The portable operation this step asks of the system, or null for a step the engine carries out
   * itself (touch, sleep, snapshot, repeat). The one mapping from steps to operations: the loader
   * asks providers about it before running, and the engine checks each call it makes against it.
   */
  OpKind operation();

  /**
   * Private anonymous memory (mmap / VirtualAlloc / mach_vm_allocate), named for later steps. With
   * {@code purgeable}, macOS purgeable memory (VM_FLAGS_PURGABLE): non-volatile until an {@code
   * offer} makes it volatile.
   */
  record Allocate(
      String name,
      ByteSize size,
      Protection protection,
      Boolean reserve,
      Boolean noreserve,
      Boolean purgeable)
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
      protection = protection == null ? Protection.READ_WRITE : protection;
      reserve = reserve != null && reserve;
      noreserve = noreserve != null && noreserve;
      purgeable = purgeable != null && purgeable;
    }

    @Override
    public OpKind operation() {
      return OpKind.ALLOCATE;
    }
  }

  /**
   * Memory references over a region (or the part of it given by offset and size) following an
   * access pattern. Written data has the given compressibility (the share of a page a compressor
   * saves), which the macOS compressor model reads.
   */
  record Touch(
      String region,
      PatternSpec pattern,
      Long count,
      Double passes,
      Double writes,
      ByteSize offset,
      ByteSize size,
      Double compressibility)
      implements Step {
    public Touch {
      Steps.required("region", region, "the name of an earlier allocate, share or map-file");
      pattern = pattern == null ? PatternSpec.SEQUENTIAL : pattern;
      if (count != null && passes != null) {
        throw new IllegalArgumentException("count: give either count or passes, not both");
      }
      if (count != null && count <= 0) {
        throw new IllegalArgumentException("count: must be positive, got " + count);
      }
      if (passes != null && passes <= 0) {
        throw new IllegalArgumentException("passes: must be positive, got " + passes);
      }
      writes = Steps.fraction("writes", writes, 0.0);
      Steps.positive("size", size);
      compressibility = Steps.fraction("compressibility", compressibility, 0.5);
    }

    /** References to make over a range of {@code pages} pages. */
    public long references(long pages) {
      if (count != null) {
        return count;
      }
      return Math.max(1, Math.round((passes == null ? 1.0 : passes) * pages));
    }

    @Override
    public OpKind operation() {
      return null;
    }
  }

  /** Replays a memory trace (a file, or an inline page list) into a private region. */
  record Trace(String file, TraceFormat format, List<Long> pages, Double writes) implements Step {
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

    @Override
    public OpKind operation() {
      return OpKind.ALLOCATE;
    }
  }

  /** Lets simulated time pass without touching memory (daemons keep running). */
  record Sleep(SimDuration duration) implements Step {
    public Sleep {
      if (duration == null) {
        throw new IllegalArgumentException("duration: is required, e.g. 10ms");
      }
    }

    @Override
    public OpKind operation() {
      return null;
    }
  }

  /** Commits part of a region allocated with {@code reserve: true} (MEM_COMMIT, mprotect). */
  record Commit(String region, ByteSize offset, ByteSize size) implements Step {
    public Commit {
      Steps.required("region", region, "a region allocated with reserve: true");
      Steps.positive("size", size);
    }

    @Override
    public OpKind operation() {
      return OpKind.COMMIT;
    }
  }

  /**
   * Named shared memory (shm_open + mmap, CreateFileMapping + MapViewOfFile). With a size it
   * creates the shared object if it does not exist yet; without one it opens an existing one.
   */
  record Share(String name, String shared, ByteSize size, Protection protection) implements Step {
    public Share {
      Steps.required("name", name, "later steps refer to the mapping by it");
      Steps.required("shared", shared, "the name other processes open it by");
      Steps.positive("size", size);
      protection = protection == null ? Protection.READ_WRITE : protection;
    }

    @Override
    public OpKind operation() {
      return OpKind.SHARE;
    }
  }

  /** Maps a file from {@code files:}: shared, private (copy-on-write) or as a program image. */
  record MapFile(
      String name, String file, Mapping mode, ByteSize offset, ByteSize size, Protection protection)
      implements Step {
    /** How the file is mapped. */
    public enum Mapping {
      SHARED,
      PRIVATE,
      IMAGE
    }

    public MapFile {
      Steps.required("name", name, "later steps refer to the mapping by it");
      Steps.required("file", file, "a file listed under files:");
      mode = mode == null ? Mapping.SHARED : mode;
      Steps.positive("size", size);
      if (protection == null) {
        protection = mode == Mapping.IMAGE ? Protection.READ_EXECUTE : Protection.READ_WRITE;
      }
    }

    @Override
    public OpKind operation() {
      return OpKind.MAP_FILE;
    }
  }

  /** read() through the page cache / system cache / unified buffer cache. */
  record ReadFile(String file, ByteSize offset, ByteSize size) implements Step {
    public ReadFile {
      Steps.required("file", file, "a file listed under files:");
      Steps.positive("size", size);
    }

    @Override
    public OpKind operation() {
      return OpKind.READ_FILE;
    }
  }

  /** write() through the page cache / system cache / unified buffer cache. */
  record WriteFile(String file, ByteSize offset, ByteSize size) implements Step {
    public WriteFile {
      Steps.required("file", file, "a file listed under files:");
      Steps.positive("size", size);
    }

    @Override
    public OpKind operation() {
      return OpKind.WRITE_FILE;
    }
  }

  /** Contents go now (MADV_DONTNEED, DiscardVirtualMemory, MADV_FREE_REUSABLE). */
  record Release(String region, ByteSize offset, ByteSize size) implements Step {
    public Release {
      Steps.required("region", region, "");
      Steps.positive("size", size);
    }

    @Override
    public OpKind operation() {
      return OpKind.RELEASE;
    }
  }

  /**
   * Discardable memory (MADV_FREE, OfferVirtualMemory, VM_PURGABLE_VOLATILE): the OS may take the
   * pages under pressure. Priority is Windows' offer priority.
   */
  record Offer(String region, ByteSize offset, ByteSize size, OfferPriority priority)
      implements Step {
    /** OfferVirtualMemory's priorities (VeryLow 1 … Normal 4). */
    public enum OfferPriority {
      VERY_LOW,
      LOW,
      BELOW_NORMAL,
      NORMAL;

      public int value() {
        return ordinal() + 1;
      }
    }

    public Offer {
      Steps.required("region", region, "");
      Steps.positive("size", size);
      priority = priority == null ? OfferPriority.NORMAL : priority;
    }

    @Override
    public OpKind operation() {
      return OpKind.OFFER;
    }
  }

  /** Takes offered memory back; the run records whether the contents survived. */
  record Reclaim(String region, ByteSize offset, ByteSize size) implements Step {
    public Reclaim {
      Steps.required("region", region, "");
      Steps.positive("size", size);
    }

    @Override
    public OpKind operation() {
      return OpKind.RECLAIM;
    }
  }

  /** Creates a child process (copy-on-write) that runs its own steps. */
  record Fork(String name, List<Step> steps) implements Step {
    public Fork {
      Steps.required("name", name, "the child process's name");
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    @Override
    public OpKind operation() {
      return OpKind.FORK;
    }
  }

  /** Drops clean caches (drop_caches, emptying the standby list, purge). */
  record DropCaches() implements Step {

    @Override
    public OpKind operation() {
      return OpKind.DROP_CACHES;
    }
  }

  /** Changes a region's permissions (mprotect, VirtualProtect). */
  record Protect(String region, Protection protection) implements Step {
    public Protect {
      Steps.required("region", region, "");
      if (protection == null) {
        throw new IllegalArgumentException("protection: is required (r, rw, rx, rwx or none)");
      }
    }

    @Override
    public OpKind operation() {
      return OpKind.PROTECT;
    }
  }

  /** Removes a mapping (munmap, VirtualFree MEM_RELEASE, mach_vm_deallocate). */
  record Unmap(String region) implements Step {
    public Unmap {
      Steps.required("region", region, "");
    }

    @Override
    public OpKind operation() {
      return OpKind.UNMAP;
    }
  }

  /** Captures every system's native views (maps, RAMMap, vmmap) under a name. */
  record Snapshot(String name) implements Step {
    public Snapshot {
      Steps.required("name", name, "the snapshot's name in the results");
    }

    @Override
    public OpKind operation() {
      return null;
    }
  }

  /** Runs a block of steps several times. */
  record Repeat(Long times, List<Step> steps) implements Step {
    public Repeat {
      if (times == null || times < 1) {
        throw new IllegalArgumentException("times: is required and must be at least 1");
      }
      if (steps == null || steps.isEmpty()) {
        throw new IllegalArgumentException("steps: the block to repeat is empty");
      }
      steps = List.copyOf(steps);
    }

    @Override
    public OpKind operation() {
      return null;
    }
  }

  /**
   * An OS-specific call with its own arguments ({@code os: linux, call: madvise, args: {advice:
   * MADV_PAGEOUT, region: heap}}), for systems of that OS only. With {@code others: skip} the other
   * systems of the experiment skip it; otherwise listing another OS is an error.
   */
  record Native(String os, String call, Map<String, Object> args, Others others) implements Step {
    /** What systems of another OS do with this step. */
    public enum Others {
      ERROR,
      SKIP
    }

    public Native {
      Steps.required("os", os, "the system the call belongs to, e.g. linux");
      Steps.required("call", call, "the native call, e.g. madvise");
      args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
      others = others == null ? Others.ERROR : others;
    }

    @Override
    public OpKind operation() {
      return OpKind.NATIVE;
    }
  }

  /** The process exits; every mapping is torn down. */
  record Exit() implements Step {

    @Override
    public OpKind operation() {
      return OpKind.EXIT;
    }
  }
}
