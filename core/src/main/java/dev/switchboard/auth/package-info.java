/**
 * Authentication: the second filter of the chain, after the firewall. Until its modes land it lets every
 * request through, holding its place in the fixed filter order.
 */
package dev.switchboard.auth;
