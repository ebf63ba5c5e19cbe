/** The {@code vmcompare} command line: picocli commands over the engine and the reports. */
package org.vmcompare.cli;
