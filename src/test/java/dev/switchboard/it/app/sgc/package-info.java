/**
 * The sgc part of the test application: {@link dev.switchboard.api.RpcMethod @RpcMethod} beans whose params and
 * results are JSON-B-mapped records, and channel rules ({@link dev.switchboard.spi.SubscribeHandler} and
 * {@link dev.switchboard.spi.PublishHandler}) that deny or rewrite on channel names the scenarios use.
 */
package dev.switchboard.it.app.sgc;
