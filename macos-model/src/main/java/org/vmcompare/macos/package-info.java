/**
 * The macOS memory-manager personality (docs/models/macos.md): XNU's vm_map ({@code VmMap}), its VM
 * objects and shadow chains ({@code VmObjects}), vm_fault ({@code VmFault}), fork's symmetric copy
 * ({@code VmFork}), the pmap with its footprint books ({@code Pmap}), vmmap's share modes ({@code
 * ShareMode}), the page queues ({@code PageQueues}, {@code Speculative}), the pageout scan ({@code
 * Pageout}, {@code SwapKill}), the compressor ({@code Compressor}, {@code Segments}, {@code
 * Swapfiles}), the unified buffer cache and msync ({@code Ubc}, {@code Msync}) and the vmmap and
 * vm_stat views. Purgeable memory and jetsam are not built yet.
 */
package org.vmcompare.macos;
