/** The JSON control API under {@code /_testkit/}: faults, room state, reset (FAULTS.md, "control surface"). */
package io.rtcreactor.testkit.control;
