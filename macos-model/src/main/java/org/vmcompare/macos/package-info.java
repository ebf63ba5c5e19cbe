/**
 * The macOS memory-manager personality (docs/models/macos.md): XNU's vm_map ({@code VmMap}), its VM
 * objects and shadow chains ({@code VmObjects}), vm_fault ({@code VmFault}), fork's symmetric copy
 * ({@code VmFork}), the pmap with its footprint books ({@code Pmap}), vmmap's share modes ({@code
 * ShareMode}), the page queues ({@code PageQueues}, {@code Speculative}), the pageout scan ({@code
 * Pageout}, {@code SwapKill}), the compressor ({@code Compressor}, {@code Segments}, {@code
 * Swapfiles}), the unified buffer cache and msync ({@code Ubc}, {@code Msync}), purgeable and
 * reusable memory ({@code Purgeable}, {@code Reusable}), memory pressure, idle exit and jetsam
 * ({@code Pressure}, {@code IdleExit}, {@code Jetsam}), and the vmmap and vm_stat views.
 */
package org.vmcompare.macos;
