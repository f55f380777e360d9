/**
 * P5's processes: a {@link io.rtcreactor.benchmarks.density.DensityNode} runs N sessions of one role (agents in the
 * JVM being measured, callers in another) and reports, on request, how many audio frames arrived on time and what
 * the process spent (CPU, resident memory, heap after a GC, threads).
 */
package io.rtcreactor.benchmarks.density;
