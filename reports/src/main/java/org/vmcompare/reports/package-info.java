/**
 * Comparative outputs of an experiment, all read from the same {@link
 * org.vmcompare.reports.ExperimentReport} so they never disagree: the metric catalogue, the
 * terminal table, report.md and report.html (built once as a document, see {@code doc}), the charts
 * ({@code charts}), statistics across seeds ({@code stats}), results.json (and reading it back),
 * the tidy results.csv and the native views as files.
 */
package org.vmcompare.reports;
