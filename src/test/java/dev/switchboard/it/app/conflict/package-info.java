/**
 * A handler that must not deploy: it claims a subprotocol another test bean already speaks. Only the test that
 * expects the deployment to be refused packs it.
 */
package dev.switchboard.it.app.conflict;
