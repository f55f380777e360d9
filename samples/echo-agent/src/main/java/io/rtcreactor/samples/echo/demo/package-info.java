/**
 * The demo: the echo agent against an embedded testkit, with a simulated caller, through a server migration.
 * Everything it shows is measured, not assumed: the caller checks that what comes back is its own tone
 * ({@link io.rtcreactor.samples.echo.demo.ToneCheck}) and its own data.
 */
package io.rtcreactor.samples.echo.demo;
