/**
 * The benchmark suite of issue 12: each figure (P1, P4, P8 …) measured for this engine and, where the issue asks,
 * for LiveKit's own Rust engine ({@code @livekit/rtc-node}, driven through {@code interop/}) on the same testkit in
 * the same run, alternating sample by sample so that both see the same machine. {@link Bench} is the entry point
 * (modes smoke, quick, full); each benchmark writes its section of the report and its plots.
 */
package io.rtcreactor.benchmarks.suite;
