package org.vmcompare.metrics;

/** How one process ended up in one run, for the report's per-process table. */
public record ProcessSummary(
    int pid, String name, String state, String endReason, long minorFaults, long majorFaults) {}
