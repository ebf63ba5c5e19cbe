package org.vmcompare.hw;

/**
 * Virtual pages [firstVpn, firstVpn + pages) of one address space. Fork write-protects every
 * private region of the parent and then flushes its TLB once; passing the regions as ranges to
 * {@link Machine#writeProtectAddressSpace} lets the machine do both in one call.
 */
public record VpnRange(long firstVpn, long pages) {
  public VpnRange {
    if (firstVpn < 0 || pages < 0) {
      throw new IllegalArgumentException(
          "a VPN range needs a non-negative start and length: " + firstVpn + " + " + pages);
    }
  }

  /** The first VPN after the range. */
  public long endVpn() {
    return firstVpn + pages;
  }
}
