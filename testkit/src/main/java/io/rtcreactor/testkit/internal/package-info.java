/** Testkit machinery: the one owner of its schedulers, id generation, JSON helpers. Not API. */
package io.rtcreactor.testkit.internal;
