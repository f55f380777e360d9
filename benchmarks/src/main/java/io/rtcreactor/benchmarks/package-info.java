/**
 * JMH benchmarks. Run them with {@code java -jar benchmarks/target/benchmarks.jar}; the figures they print,
 * with the machine and command, are recorded in {@code docs/benchmarks.md}.
 */
package io.rtcreactor.benchmarks;
