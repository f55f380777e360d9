/**
 * Test support shared by every module through this module's test-jar: the build's code rules, BlockHound's
 * self-check, the private-network-namespace guard of media tests and the Node.js runner of interop tests.
 */
package io.rtcreactor.engine.testing;
