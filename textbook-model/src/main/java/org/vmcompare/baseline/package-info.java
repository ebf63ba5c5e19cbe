/** The textbook baseline personality: one pool of frames replaced by FIFO, LRU, CLOCK or RANDOM. */
package org.vmcompare.baseline;
