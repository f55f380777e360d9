/** Tests of the demo's own audio check. */
package io.rtcreactor.samples.echo.demo;
