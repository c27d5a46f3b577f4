package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import javax.net.ssl.SSLContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutual TLS on WildFly: an Undertow HTTPS listener whose Elytron SSL context wants a client certificate and trusts a
 * test CA (made with keytool), configured by management operations before the EAR is deployed and undone afterwards
 * ({@link MutualTls.Listener}). Switchboard maps the certificate the container verified
 * ({@code jakarta.servlet.request.X509Certificate}) to the connection's identity ({@code switchboard.auth.client-cert},
 * subject CN by default), with roles from the roles file. Real JDK clients present a valid, an untrusted and an
 * expired certificate, and none.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(MutualTls.Listener.class)
class ClientCertificatesBecomeIdentitiesOverMutualTlsOnWildFlyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithClientCertificateRoles(MutualTls.ROLES);
    }

    @Test
    void aVerifiedCertificatesCommonNameIsTheWebSocketsIdentityWithRolesFromTheRolesFile() throws Exception {
        String identity = MutualTls.whoAmI(base, "/", MutualTls.PKI.client(MutualTls.ALICE));

        assertThat(identity).startsWith("alice|admin,user|client-cert|");
        // The identity expires with the certificate (ten days from now), not never.
        assertThat(identity).doesNotEndWith("|never");
    }

    @Test
    void aClientWithoutACertificateConnectsAnonymouslyOverTheSameListener() throws Exception {
        assertThat(MutualTls.whoAmI(base, "/", MutualTls.PKI.client(null))).isEqualTo("anonymous");
    }

    @Test
    void anUntrustedCertificateNamingTheSameUserIsRefusedAtTheHandshake() throws Exception {
        SSLContext context = MutualTls.PKI.client(MutualTls.UNTRUSTED);

        assertThatThrownBy(() -> MutualTls.whoAmI(base, "/", context)).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateOfTheTrustedCaIsRefusedAtTheHandshake() throws Exception {
        SSLContext context = MutualTls.PKI.client(MutualTls.EXPIRED);

        assertThatThrownBy(() -> MutualTls.whoAmI(base, "/", context)).hasRootCauseInstanceOf(IOException.class);
    }
}
