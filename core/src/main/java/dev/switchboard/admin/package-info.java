/**
 * The operator's interfaces to a running node: the admin REST API (connections, channels, bans, forwarding routes,
 * drain) and the node's MBeans, both acting through the same beans the rest of Switchboard uses, so an operator's
 * publication goes through the broker and a ban through the firewall.
 */
package dev.switchboard.admin;
