/** The shared simulated machine: frames, page tables, TLB, MMU, reverse map, clock and costs. */
package org.vmcompare.hw;
