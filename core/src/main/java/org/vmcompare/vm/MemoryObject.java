package org.vmcompare.vm;

import java.util.Objects;
import org.vmcompare.state.ModelState;

/**
 * What a region maps: anonymous memory, a file, or a named shared section; Linux's anon_vma /
 * address_space, Windows' section with its segment of prototype PTEs, XNU's vm_object.
 *
 * <p>A copy-on-write object may have a {@link #shadow()} it reads through (XNU's shadow chain,
 * Linux's anon_vma chain after fork). The per-page {@link #slots()} are the model's to define.
 * {@link #refCount()} counts the map entries (regions) referring to the object, which macOS's
 * share-mode rules and Windows' share counts read.
 */
public final class MemoryObject {
  /** What backs an object's pages. */
  public enum Kind {
    ANONYMOUS,
    FILE,
    SHARED
  }

  private final int id;
  private final Kind kind;
  private final String name;
  private long pages;
  private final SimFile file;
  private MemoryObject shadow;
  private int refCount;
  private boolean trueShare;
  private final PageSlots slots = new PageSlots();
  private final ModelState modelState = new ModelState();

  public MemoryObject(int id, Kind kind, String name, long pages, SimFile file) {
    this.id = id;
    this.kind = Objects.requireNonNull(kind, "kind is null");
    this.name = name;
    this.pages = pages;
    this.file = file;
    if (kind == Kind.FILE && file == null) {
      throw new IllegalArgumentException("a file object needs a file");
    }
  }

  public int id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public long pages() {
    return pages;
  }

  public void setPages(long pages) {
    this.pages = pages;
  }

  /** The file behind a FILE object, else null. */
  public SimFile file() {
    return file;
  }

  public MemoryObject shadow() {
    return shadow;
  }

  public void setShadow(MemoryObject shadow) {
    this.shadow = shadow;
  }

  public int refCount() {
    return refCount;
  }

  public void ref() {
    refCount++;
  }

  /** Drops one reference; returns the new count. */
  public int unref() {
    if (refCount <= 0) {
      throw new IllegalStateException("object " + id + " has no references");
    }
    return --refCount;
  }

  /** XNU's true_share: the object is known to be shared (a named entry, shm). */
  public boolean trueShare() {
    return trueShare;
  }

  public void setTrueShare(boolean trueShare) {
    this.trueShare = trueShare;
  }

  public PageSlots slots() {
    return slots;
  }

  /**
   * The per-object state models keep here (a Windows segment, a purgeable state, an LRU
   * generation), each under its own {@code StateKey}.
   */
  public ModelState modelState() {
    return modelState;
  }

  @Override
  public String toString() {
    return kind + "#" + id + (name == null ? "" : "(" + name + ")");
  }
}
