/** Tests of the Spring Boot auto-configuration, with {@code ApplicationContextRunner} and the real testkit. */
package io.rtcreactor.spring;
