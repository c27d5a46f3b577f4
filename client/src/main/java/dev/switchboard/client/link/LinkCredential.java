package dev.switchboard.client.link;

import java.util.Objects;

/**
 * A fresh credential for the server's credential refresh ({@code sgc@refresh} in docs/sgc-protocol.md).
 *
 * @param param the name of the refresh parameter: {@code "token"} for a bearer token, {@code "ticket"} for a
 *     connect ticket
 * @param value the credential
 */
public record LinkCredential(String param, String value) {

    /** Checks that both parts are present. */
    public LinkCredential {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        // A credential must not end up in a log through its toString.
        return "LinkCredential[" + param + "=***]";
    }
}
