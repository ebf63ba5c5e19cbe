/** The Linux memory-manager personality. */
package org.vmcompare.linux;
