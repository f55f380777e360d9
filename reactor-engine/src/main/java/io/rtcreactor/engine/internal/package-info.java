/**
 * Machinery that users must not touch: the one owner of Reactor schedulers, and helpers shared by the other
 * packages. Nothing here is API; it may change in any release.
 */
package io.rtcreactor.engine.internal;
