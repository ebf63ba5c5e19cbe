/** JMH benchmarks of the per-reference hot loops (textbook policies, the engine, trace reading). */
package org.vmcompare.bench;
