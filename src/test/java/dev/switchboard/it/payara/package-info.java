/**
 * What the Payara Micro run of the integration suite adds to the Arquillian adapter: the address the tests reach
 * Payara Micro at. Registered only where that adapter is on the class path (the {@code payara} run).
 */
package dev.switchboard.it.payara;
