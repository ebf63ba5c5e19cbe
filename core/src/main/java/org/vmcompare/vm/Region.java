package org.vmcompare.vm;

import java.util.Objects;
import org.vmcompare.state.ModelState;

/**
 * A contiguous range of one address space with one protection and one backing object: Linux's VMA,
 * Windows' VAD, XNU's vm_map_entry.
 *
 * <p>Addresses are in pages ({@code startVpn}, {@code pages}); {@code objectOffset} is the page of
 * the object the first page maps. {@code label} is the name the workload gave it.
 */
public final class Region {
  /** How the region shares its object. */
  public enum Sharing {
    PRIVATE,
    SHARED
  }

  private final String label;
  private final long startVpn;
  private final long pages;
  private Protection protection;
  private final Protection maxProtection;
  private MemoryObject object;
  private long objectOffset;
  private final Sharing sharing;
  private boolean needsCopy;
  private final ModelState modelState = new ModelState();

  public Region(
      String label,
      long startVpn,
      long pages,
      Protection protection,
      Protection maxProtection,
      MemoryObject object,
      long objectOffset,
      Sharing sharing) {
    if (pages <= 0) {
      throw new IllegalArgumentException("a region needs at least one page: " + pages);
    }
    this.label = label;
    this.startVpn = startVpn;
    this.pages = pages;
    this.protection = Objects.requireNonNull(protection, "protection is null");
    this.maxProtection = Objects.requireNonNull(maxProtection, "maxProtection is null");
    this.object = object;
    this.objectOffset = objectOffset;
    this.sharing = Objects.requireNonNull(sharing, "sharing is null");
  }

  public String label() {
    return label;
  }

  public long startVpn() {
    return startVpn;
  }

  public long endVpn() {
    return startVpn + pages;
  }

  public long pages() {
    return pages;
  }

  public boolean contains(long vpn) {
    return vpn >= startVpn && vpn < startVpn + pages;
  }

  public Protection protection() {
    return protection;
  }

  public void setProtection(Protection protection) {
    this.protection = Objects.requireNonNull(protection, "protection is null");
  }

  public Protection maxProtection() {
    return maxProtection;
  }

  /** Null for a reserved range with nothing behind it yet (vmmap's NUL share mode). */
  public MemoryObject object() {
    return object;
  }

  public long objectOffset() {
    return objectOffset;
  }

  /**
   * Points the region at another object (XNU inserting a shadow object on the first write after
   * fork, or collapsing a chain). Reference counts are the caller's to adjust.
   */
  public void setObject(MemoryObject object, long objectOffset) {
    this.object = object;
    this.objectOffset = objectOffset;
  }

  /** The object page that a VPN of this region maps. */
  public long objectPage(long vpn) {
    return objectOffset + (vpn - startVpn);
  }

  public Sharing sharing() {
    return sharing;
  }

  /** XNU's needs_copy / a Linux private mapping whose pages must be copied on write. */
  public boolean needsCopy() {
    return needsCopy;
  }

  public void setNeedsCopy(boolean needsCopy) {
    this.needsCopy = needsCopy;
  }

  /**
   * The per-region state models keep here (a VAD's flags, a VMA's anon_vma), each under its own
   * {@code StateKey}.
   */
  public ModelState modelState() {
    return modelState;
  }

  @Override
  public String toString() {
    return (label == null ? "region" : label)
        + "["
        + Long.toHexString(startVpn)
        + "+"
        + pages
        + " "
        + protection
        + "]";
  }
}
