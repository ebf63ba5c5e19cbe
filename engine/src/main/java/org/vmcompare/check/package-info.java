/**
 * Property-based checking of every personality ({@code vmcompare check}): a seeded generator of
 * small experiments that create pressure, checked mode (a reference model of memory contents
 * compared on every read), the invariants every system must hold, and a shrinker that turns a
 * failure into the smallest experiment that still fails, printed as YAML.
 */
package org.vmcompare.check;
