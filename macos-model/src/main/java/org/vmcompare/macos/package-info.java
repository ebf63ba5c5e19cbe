/**
 * The macOS memory-manager personality (docs/models/macos.md): XNU's vm_map ({@code VmMap}), its VM
 * objects and shadow chains ({@code VmObjects}), vm_fault ({@code VmFault}), fork's symmetric copy
 * ({@code VmFork}), the pmap with its footprint books ({@code Pmap}), vmmap's share modes ({@code
 * ShareMode}) and the vmmap and vm_stat views. Page queues, the compressor, purgeable memory and
 * jetsam are not built yet.
 */
package org.vmcompare.macos;
