/** Tests of the WebFlux gateway: its HTTP API against the embedded testkit, with a real caller. */
package io.rtcreactor.samples.gateway;
