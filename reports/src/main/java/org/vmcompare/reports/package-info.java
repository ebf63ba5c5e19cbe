/** Comparative outputs of an experiment: the terminal table, results.json and results.csv. */
package org.vmcompare.reports;
