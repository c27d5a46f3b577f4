/**
 * Test tools shared by the tests of several modules: {@link dev.switchboard.testkit.TestPki}, a certificate authority
 * made with the JDK's keytool for mutual-TLS tests on the embedded server and on WildFly.
 */
package dev.switchboard.testkit;
