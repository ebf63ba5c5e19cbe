package org.vmcompare.windows;

import java.util.LinkedHashSet;
import java.util.Set;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.PageSlots;

/**
 * A section's segment: one prototype PTE per page, reduced to where the page is — a frame (valid in
 * one or more working sets, on Standby or Modified, or under I/O), a pagefile slot, or nowhere yet.
 * Three kinds share it: a mapped file's section (a page nowhere is read from the file), a
 * pagefile-backed section of shared memory (a page nowhere is demand-zero), and the clone prototype
 * a copy-on-write fork leaves behind (a page nowhere is looked up in the section the forked region
 * mapped before, if any, else demand-zero). The section lives with its {@link MemoryObject}, so a
 * file's outlives every view and process: a later mapping finds the pages an exited process left on
 * Standby.
 */
final class Section {
  static final StateKey<Section> KEY = StateKey.of("windows.section", Section.class);

  enum Kind {
    FILE,
    PAGEFILE,
    CLONE
  }

  final Kind kind;
  final MemoryObject object;

  /** A clone's older section, consulted for pages the clone has no entry of; may be null. */
  final Section parent;

  /** Pages charged to the commit charge for the section itself (pagefile-backed sections). */
  long charged;

  /** Processes holding a handle to a pagefile-backed section (it lives while any does). */
  final Set<Integer> handles = new LinkedHashSet<>();

  /** Per page: frame + 1 (positive), or -(pagefile slot + 1) (negative), or 0: nowhere. */
  private final PageSlots entries = new PageSlots();

  /**
   * A clone's per-page reference count: the processes (and younger clones) whose page is still this
   * clone's, as the clone block's count in MmForkProcess. At 0 the page is no one's.
   */
  private final PageSlots users = new PageSlots();

  private Section(Kind kind, MemoryObject object, Section parent) {
    this.kind = kind;
    this.object = object;
    this.parent = parent;
  }

  /** The object's section: a file's is created on first use; other objects may have none. */
  static Section of(MemoryObject object) {
    Section s = object.modelState().get(KEY);
    if (s == null && object.kind() == MemoryObject.Kind.FILE) {
      s = create(object, Kind.FILE, null);
    }
    return s;
  }

  static Section create(MemoryObject object, Kind kind, Section parent) {
    Section s = new Section(kind, object, parent);
    object.modelState().put(KEY, s);
    return s;
  }

  /** The frame holding page {@code page}, or -1. */
  int frame(long page) {
    long e = entries.get(page);
    return e > 0 ? (int) (e - 1) : -1;
  }

  /** The pagefile slot holding page {@code page}, or -1. */
  int slot(long page) {
    long e = entries.get(page);
    return e < 0 ? (int) (-e - 1) : -1;
  }

  /** Whether the section itself has anything for the page (else: its parent, or the backing). */
  boolean has(long page) {
    return entries.get(page) != 0;
  }

  void set(long page, int frame) {
    entries.set(page, frame + 1L);
  }

  void setSlot(long page, int slot) {
    entries.set(page, -(slot + 1L));
  }

  /** The page's frame was repurposed: the prototype PTE points at its pagefile copy, or nowhere. */
  void repurposed(long page, int slot) {
    if (kind != Kind.FILE && slot >= 0) {
      setSlot(page, slot);
    } else {
      entries.set(page, 0);
    }
  }

  long users(long page) {
    return users.get(page);
  }

  void setUsers(long page, long n) {
    users.set(page, n);
  }

  /** The page is no one's: the entry goes (the caller frees what it held). */
  void clear(long page) {
    entries.set(page, 0);
  }

  /** Every page with users, in page order. */
  void forEachUsed(PageSlots.SlotVisitor visitor) {
    users.forEachNonZero(visitor);
  }

  /** Every entry, in page order (deleting the section). */
  void forEach(PageSlots.SlotVisitor visitor) {
    entries.forEachNonZero(visitor);
  }

  /** Where a page is found: the section holding it and the page's index there, or the backing. */
  record Found(Section section, long page) {}

  /**
   * Follows the clone chain: the first section with an entry for the page, or the last one (whose
   * backing supplies the page: the file, or zero).
   */
  Found find(long page) {
    Section s = this;
    while (!s.has(page) && s.parent != null) {
      s = s.parent;
    }
    return new Found(s, page);
  }
}
