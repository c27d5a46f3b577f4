package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataSourceIsBoundInJndiTest {

    private static final String ENTRY_KEY = "switchboard.test.jndi-entry";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(
            builder -> builder.environmentEntry(ENTRY_KEY, "from-jndi").beanClasses(JndiProbeProtocol.class));

    @Test
    void dataSourceAtTheDefaultNameAnswersSelect1() throws Exception {
        DataSource dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/switchboard");

        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
        }
        assertThat(node.server().jdbcUrl()).startsWith("jdbc:h2:mem:");
    }

    @Test
    void envEntriesAreReadByCoresConfigurationReader() {
        assertThat(ConfigReader.standard().get(ENTRY_KEY)).hasValue("from-jndi");
    }

    @Test
    void applicationCodeOnAWebSocketThreadSeesTheDataSourceAndTheEntries() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder recorder = TestClient.connect(client, node.ws("/"), JndiProbeProtocol.NAME)) {

            recorder.socket.sendText(ENTRY_KEY, true).get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);

            assertThat(recorder.nextText()).isEqualTo("select=1 " + ENTRY_KEY + "=from-jndi");
        }
    }
}
