package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.e2ee.E2eeClient;
import dev.switchboard.client.e2ee.E2eeException;
import dev.switchboard.client.e2ee.E2eeListener;
import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.it.support.Eventually;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The E2EE relay of the deployment: two users of the users file, logged in with tickets, exchange a sealed direct
 * message (with its receipt) and a group message through the relay bean of the deployed application, with the Java
 * client encrypting and decrypting.
 */
@ExtendWith(ArquillianExtension.class)
abstract class E2eeRelayScenarios {

    @ArquillianResource
    URL base;

    /** What one user's client was told. */
    static final class Inbox implements E2eeListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void direct(String from, String text) {
            seen.add("direct " + from + ": " + text);
        }

        @Override
        public void group(String group, String from, String text) {
            seen.add("group " + group + " " + from + ": " + text);
        }

        @Override
        public void receipt(String from, String ref) {
            seen.add("receipt " + from + " " + ref);
        }

        @Override
        public void rejected(String from, E2eeException reason) {
            seen.add("rejected " + from + " " + reason.reason());
        }

        void await(String line) {
            Eventually.await(
                    "'" + line + "' in " + seen, () -> seen, now -> now.contains(line), Duration.ofSeconds(30));
        }
    }

    private E2eeClient connect(String user, String password, Inbox inbox) throws Exception {
        E2eeClient client = E2eeClient.connect(
                LinkOptions.builder(
                                base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws"))
                        .auth(LinkAuth.ticket(user, password)),
                inbox);
        client.ready().get(30, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void twoUsersExchangeSealedDirectAndGroupMessages() throws Exception {
        String group = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Inbox users = new Inbox();
        Inbox admins = new Inbox();
        try (E2eeClient user = connect("ituser", "it-user-pw", users);
                E2eeClient admin = connect("itadmin", "it-admin-pw", admins)) {
            String ref = user.sendDirect("itadmin", "sealed on the server").get(30, TimeUnit.SECONDS);
            admins.await("direct ituser: sealed on the server");
            users.await("receipt itadmin " + ref);

            user.createGroup(group).get(30, TimeUnit.SECONDS);
            admin.joinGroup(group).get(30, TimeUnit.SECONDS);
            user.sendGroup(group, "to the group").get(30, TimeUnit.SECONDS);
            admins.await("group " + group + " ituser: to the group");
        }
        assertThat(users.seen).noneMatch(line -> line.startsWith("rejected"));
        assertThat(admins.seen).noneMatch(line -> line.startsWith("rejected"));
    }
}
