package org.vmcompare.os;

import java.util.Map;
import java.util.Objects;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * The portable operations of ../shared/SEMANTICS.md, already resolved by the engine (regions found,
 * sizes in pages), so a model never parses YAML and the language never knows an OS. Each record
 * maps to one {@link OsPersonality} method.
 */
public sealed interface Op {
  /** Which operation this is, for support checks and counters. */
  OpKind kind();

  /** The operation's name in the workload language, used in "unsupported on X: op" errors. */
  default String name() {
    return kind().yamlName();
  }

  /**
   * What is left of this operation after a {@link Outcome#blocked} answer that reported {@code
   * done} units finished: this same operation when {@code done} is 0. Only an operation made of
   * pages the model works through one by one ({@link FileIo}) can be partly done.
   *
   * @throws IllegalArgumentException when {@code done} is not a part of this operation
   */
  default Op remaining(long done) {
    if (done != 0) {
      throw new IllegalArgumentException(
          name() + " cannot be partly done (" + done + " units); answer Outcome.blocked(0)");
    }
    return this;
  }

  /**
   * mmap(MAP_PRIVATE|MAP_ANONYMOUS) / VirtualAlloc / mach_vm_allocate.
   *
   * @param reserveOnly address space only (MEM_RESERVE, PROT_NONE); committed later by {@link
   *     Commit}
   * @param noReserve MAP_NORESERVE: no commit charge where the OS honours it
   * @param purgeable macOS purgeable memory (mach_vm_allocate with VM_FLAGS_PURGABLE): it starts
   *     non-volatile, and {@link Offer} / {@link Reclaim} make it volatile and non-volatile again.
   *     An OS without purgeable memory decides for itself: refuse it, or treat it as plain memory
   */
  record Allocate(
      String label,
      long pages,
      Protection protection,
      boolean reserveOnly,
      boolean noReserve,
      boolean purgeable)
      implements Op {
    public Allocate {
      if (pages <= 0) {
        throw new IllegalArgumentException("allocate needs at least one page: " + pages);
      }
      Objects.requireNonNull(protection, "protection is null");
    }

    @Override
    public OpKind kind() {
      return OpKind.ALLOCATE;
    }
  }

  /** Commit part of a reserved region (MEM_COMMIT, mprotect of a PROT_NONE mapping). */
  record Commit(Region region, long firstPage, long pages) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.COMMIT;
    }
  }

  /** Create or open named shared memory and map it. */
  record Share(String label, String sharedName, long pages, Protection protection, boolean create)
      implements Op {
    @Override
    public OpKind kind() {
      return OpKind.SHARE;
    }
  }

  /** How a file is mapped. */
  enum FileMapping {
    SHARED,
    PRIVATE,
    IMAGE
  }

  /**
   * mmap of a file / MapViewOfFile / image load. {@code pages} is 0 when the step gave no size: the
   * model maps the rest of the file from {@code offsetPages} (unlike {@link FileIo}, whose count
   * the engine resolves).
   */
  record MapFile(String label, String file, long offsetPages, long pages, FileMapping mapping)
      implements Op {
    @Override
    public OpKind kind() {
      return OpKind.MAP_FILE;
    }
  }

  /**
   * read()/write() through the page cache / system cache / unified buffer cache; pages is resolved
   * (the rest of the file when the step gave no size). A write may extend the file.
   */
  record FileIo(String file, long offsetPages, long pages, boolean write) implements Op {
    @Override
    public OpKind kind() {
      return write ? OpKind.WRITE_FILE : OpKind.READ_FILE;
    }

    /**
     * The pages after the first {@code done}: a model streams a large read or write by answering
     * {@link Outcome#blocked}(pages done so far) whenever it must wait (a page not in its cache).
     */
    @Override
    public FileIo remaining(long done) {
      if (done < 0 || (done > 0 && done >= pages)) {
        throw new IllegalArgumentException(
            name()
                + " of "
                + pages
                + " pages cannot have "
                + done
                + " done and more to do; answer OK when every page is done");
      }
      return done == 0 ? this : new FileIo(file, offsetPages + done, pages - done, write);
    }
  }

  /** MADV_DONTNEED / DiscardVirtualMemory / MADV_FREE_REUSABLE: contents go now. */
  record Release(Region region, long firstPage, long pages) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.RELEASE;
    }
  }

  /** MADV_FREE / OfferVirtualMemory / VM_PURGABLE_VOLATILE: the OS may take it under pressure. */
  record Offer(Region region, long firstPage, long pages, int priority) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.OFFER;
    }
  }

  /**
   * ReclaimVirtualMemory / VM_PURGABLE_NONVOLATILE / a write after MADV_FREE. The model answers
   * {@link Outcome#reclaimed}: OK, with the number of pages whose contents were lost (0: all
   * survived).
   */
  record Reclaim(Region region, long firstPage, long pages) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.RECLAIM;
    }
  }

  /** fork with copy-on-write; the outcome's value is the child's pid. */
  record Fork(String childName) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.FORK;
    }
  }

  /** Process exit: every mapping torn down. */
  record Exit() implements Op {
    @Override
    public OpKind kind() {
      return OpKind.EXIT;
    }
  }

  /** drop_caches / emptying the standby list / purge. */
  record DropCaches() implements Op {
    @Override
    public OpKind kind() {
      return OpKind.DROP_CACHES;
    }
  }

  /** mprotect / VirtualProtect. */
  record Protect(Region region, Protection protection) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.PROTECT;
    }
  }

  /** munmap / VirtualFree(MEM_RELEASE) / mach_vm_deallocate. */
  record Unmap(Region region) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.UNMAP;
    }
  }

  /** An OS-specific call with its own options, for the system it belongs to only. */
  record Native(String system, String call, Map<String, Object> args) implements Op {
    @Override
    public OpKind kind() {
      return OpKind.NATIVE;
    }

    @Override
    public String name() {
      return "native " + system + "." + call;
    }
  }
}
