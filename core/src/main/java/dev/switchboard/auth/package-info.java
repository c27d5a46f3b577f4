/**
 * Authentication and authorization: the second filter of the chain, after the firewall, establishes who a request
 * is (connect tickets, bearer tokens, a principal the container authenticated, Basic, the login session, the sgc
 * URL forms when switched on); the login servlet at {@code /auth/*} starts sessions, issues tickets (redeemable on
 * any node of a cluster), and on logout closes the login's connections on every node; channel and RPC permissions by role are hub
 * and protocol hooks ({@code SubscribeHandler}, {@code PublishHandler}, {@code RpcGuard}); the {@code Authenticator}
 * bean lets open connections refresh an expiring credential. See {@code docs/authentication.md}.
 */
package dev.switchboard.auth;
