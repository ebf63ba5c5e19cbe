/** Counters with stable names, gauges sampled over time, and the result of one run. */
package org.vmcompare.metrics;
