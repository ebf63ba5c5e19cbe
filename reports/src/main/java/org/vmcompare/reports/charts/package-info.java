/**
 * The report's charts: JFreeChart charts styled once ({@link org.vmcompare.reports.charts.Style}),
 * one colour per system kept across every chart ({@link org.vmcompare.reports.charts.Palette}),
 * rendered headless to inline SVG with JFreeSVG for the HTML report and to PNG for documents. No
 * chart is drawn by hand.
 */
package org.vmcompare.reports.charts;
