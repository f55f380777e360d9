/**
 * What a benchmark run leaves behind: distributions of samples (min / median / p90 / p99 / max, nearest rank),
 * markdown tables with the command, date, commit and machine they were measured on, the raw samples as JSON, and
 * SVG plots drawn by JFreeChart. Nothing here measures; it only summarises and writes.
 */
package io.rtcreactor.benchmarks.report;
