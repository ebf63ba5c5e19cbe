/**
 * Statistics across seeds: a summary of one metric's values (mean, spread, 95% confidence interval)
 * and the comparison of two system variants (Welch's t-test or Mann-Whitney U), with the words a
 * report prints for them. Built on commons-math3 so no formula is hand-rolled.
 */
package org.vmcompare.reports.stats;
