/** Primitive collections for the per-reference hot paths: no boxing, no allocation per call. */
package org.vmcompare.util;
