/**
 * Data packets: the reliable sequence buffer that survives a resume, receive-side de-duplication by
 * (sender, sequence), and the packet records applications see.
 */
package io.rtcreactor.engine.data;
