/**
 * Textbook page-replacement policies (FIFO, LRU, CLOCK, OPT, RANDOM) over a fixed number of frames.
 */
package org.vmcompare.textbook;
