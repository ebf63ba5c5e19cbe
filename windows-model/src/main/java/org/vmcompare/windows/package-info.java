/** The Windows memory-manager personality. */
package org.vmcompare.windows;
