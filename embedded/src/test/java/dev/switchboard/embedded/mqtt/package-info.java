/** Tests of the MQTT protocol against the embedded server with real MQTT clients (Eclipse Paho, raw packets). */
package dev.switchboard.embedded.mqtt;
