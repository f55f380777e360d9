/**
 * The echo voice agent: joins a LiveKit room as a server-side participant, publishes one audio track that
 * carries back whatever the other participants say, answers every reliable data packet on topic {@code echo}
 * to its sender, and prints one line per event on stdout. {@link io.rtcreactor.samples.echo.Main} is the
 * command line; {@link io.rtcreactor.samples.echo.EchoAgent} the agent itself.
 */
package io.rtcreactor.samples.echo;
