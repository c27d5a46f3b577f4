/**
 * CDI integration: the portable extension that finds and validates subprotocol beans at deployment, the
 * producer of the configuration, and the lookup used by container-created objects.
 */
package dev.switchboard.cdi;
