/**
 * Tests of the echo agent: unit tests of its parts (with BlockHound on, as in every test run), the build-time code
 * rules, and {@code *IT} tests that run the packaged jar as a process against the standalone testkit jar with
 * LiveKit's own Node client as the caller.
 */
package io.rtcreactor.samples.echo;
