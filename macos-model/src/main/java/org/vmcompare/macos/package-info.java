/** The macOS memory-manager personality. */
package org.vmcompare.macos;
