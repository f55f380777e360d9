/**
 * The server side of the media: each participant's subscriber PC (the server offers; it sends forwarded audio
 * and downstream data) and publisher PC (the server answers; it receives audio and upstream data), audio
 * forwarding between them, and data packet routing with LiveKit's stamping and reliable sequence checks.
 */
package io.rtcreactor.testkit.media;
