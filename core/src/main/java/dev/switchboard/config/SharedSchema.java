package dev.switchboard.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates the tables of a store that several nodes share, portably (H2 2.x and PostgreSQL): every statement is a
 * {@code CREATE ... IF NOT EXISTS}, and two nodes creating a table at the same moment are both fine.
 */
public final class SharedSchema {

    private SharedSchema() {}

    /**
     * Runs the statements in order.
     *
     * @param source the database
     * @param ddl    the statements
     * @throws SQLException for a failure other than another node's simultaneous creation
     */
    public static void create(DataSource source, List<String> ddl) throws SQLException {
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    // Two nodes creating the table at once: the loser fails although the table now exists.
                    if (!isConstraintViolation(e)) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Tells whether a failure is an integrity constraint violation: SQLState class 23 in both H2 and PostgreSQL.
     *
     * @param e the failure
     * @return true for a constraint violation
     */
    public static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
