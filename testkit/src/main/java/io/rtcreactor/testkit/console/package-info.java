/**
 * The testkit's web console: a page at {@code /} showing every room and participant live (state, sid, resumes,
 * full reconnects, armed faults, the signal timeline) with a button per fault, and a call page at {@code /call}
 * where a person joins a room from the browser with the microphone (LiveKit's browser SDK, put into the jar at
 * build time) and talks to an agent, with a button that migrates the agent. Both only call the JSON control API.
 */
package io.rtcreactor.testkit.console;
