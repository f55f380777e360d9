package io.rtcreactor.benchmarks.suite;

/** One figure of issue 12's table, measured against the run's testkit and written into the report. */
interface Benchmark {

    /** "P1", "P4" … as issue 12 and docs/benchmarks.md name them. */
    String id();

    String title();

    void run(BenchContext context) throws Exception;
}
