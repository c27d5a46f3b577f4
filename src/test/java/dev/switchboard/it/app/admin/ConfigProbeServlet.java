package dev.switchboard.it.app.admin;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * {@code GET /it/config}: what Switchboard's own configuration reader resolves for {@code switchboard.datasource}
 * on this server, and whether the DataSource bound under that name answers a query.
 */
@WebServlet("/it/config")
public class ConfigProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder json = Json.createObjectBuilder();
        String name = ConfigReader.standard().get(ConfigKeys.DATASOURCE).orElse("");
        json.add("datasource", name);
        try {
            DataSource dataSource = (DataSource) new InitialContext().lookup(name);
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 40 + 2")) {
                result.next();
                json.add("database", connection.getMetaData().getDatabaseProductName());
                json.add("answer", result.getInt(1));
            }
        } catch (NamingException | SQLException | RuntimeException e) {
            json.add("error", e.toString());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.build().toString());
    }
}
