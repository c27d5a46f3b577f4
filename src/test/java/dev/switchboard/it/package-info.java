/**
 * Cross-module integration tests: the same scenarios against the WAR on embedded Jetty 12 (ee10, Weld) and
 * against the EAR on a managed WildFly prepared by the wildfly-config scripts, with real clients on 127.0.0.1.
 * Classes ending in {@code OnJettyIT} and {@code OnWildFlyIT} run in separate failsafe executions, each with
 * only its own Arquillian container adapter on the class path. Classes ending in {@code OnMixedClusterIT} run in a
 * third one, against the same WildFly booted with a configuration joined to a cluster broker, next to an embedded
 * node started in the test JVM.
 */
package dev.switchboard.it;
