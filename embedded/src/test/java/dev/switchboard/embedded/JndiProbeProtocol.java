package dev.switchboard.embedded;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A test-only subprotocol bean that does what application code does on a WebSocket thread: it looks the
 * DataSource up in JNDI and queries it, and reads a configuration key (which the test binds as an env-entry).
 */
@ApplicationScoped
@Subprotocol(JndiProbeProtocol.NAME)
public class JndiProbeProtocol implements SubprotocolHandler {

    static final String NAME = "jndi-probe.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String key) {
        try {
            DataSource dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/switchboard");
            try (java.sql.Connection jdbc = dataSource.getConnection();
                    Statement statement = jdbc.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 1")) {
                result.next();
                connection.sendText("select=" + result.getInt(1) + " " + key + "="
                        + ConfigReader.standard().get(key).orElse("<absent>"));
            }
        } catch (NamingException | SQLException e) {
            connection.sendText("failed: " + e);
        }
    }
}
