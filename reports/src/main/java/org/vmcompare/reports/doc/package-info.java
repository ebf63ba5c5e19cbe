/**
 * A report as a small document of blocks (headings, paragraphs, tables, code, charts), written once
 * and rendered both as Markdown and as self-contained HTML, so report.md and report.html can never
 * disagree about a number.
 */
package org.vmcompare.reports.doc;
