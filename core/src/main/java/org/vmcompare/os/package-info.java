/** The OS personality SPI: the portable operations, the fault handler, daemons and native views. */
package org.vmcompare.os;
