/** JMH benchmarks of the per-reference hot loops (textbook policies, trace reading). */
package org.vmcompare.bench;
