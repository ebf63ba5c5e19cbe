/**
 * Memory traces: the record encoding, streaming readers for each trace format, the binary writer.
 */
package org.vmcompare.trace;
