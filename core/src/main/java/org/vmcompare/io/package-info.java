/**
 * Devices whose work takes simulated time while the CPU does other things: the machine's disk, its
 * requests queued and completed as events.
 */
package org.vmcompare.io;
