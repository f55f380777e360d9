/**
 * Fault injection: every fault of FAULTS.md as a record, parsed from the control API's JSON or built in Java,
 * armed per participant and consumed at the point of the protocol where it acts.
 */
package io.rtcreactor.testkit.fault;
