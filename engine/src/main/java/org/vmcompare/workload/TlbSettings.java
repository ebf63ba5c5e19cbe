package org.vmcompare.workload;

import org.vmcompare.hw.TlbConfig;

/** {@code machine.tlb}: TLB geometry; unset keys take {@link TlbConfig#DEFAULT}'s values. */
public record TlbSettings(
    Integer entries, Integer ways, Integer largeEntries, Integer largeWays, Boolean asidTagged) {

  public TlbConfig toConfig() {
    TlbConfig d = TlbConfig.DEFAULT;
    return new TlbConfig(
        entries == null ? d.entries() : entries,
        ways == null ? d.ways() : ways,
        largeEntries == null ? d.largeEntries() : largeEntries,
        largeWays == null ? d.largeWays() : largeWays,
        asidTagged == null ? d.asidTagged() : asidTagged);
  }
}
